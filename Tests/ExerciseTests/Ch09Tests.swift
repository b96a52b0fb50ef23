// Chapter 9 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's TokenPrompts library is the oracle where it has the computation (Retrieval.queries
// with a mask, TaskSlots.usage, Retrieval.topK, the parameter table); 9.2 is checked against a
// plain reading of its contract and against its limits (a cold temperature is top-k).

import Foundation
import Tensors
import Testing
import TokenPrompts
#if LPT_SOLUTIONS
import Solutions09
#else
import Exercises09
#endif

@Suite struct Ch09Tests {
    @Test("9.1 a max-pooled query over the sentence alone, schema prompt and padding left out")
    func ex9_1_sentenceQuery() throws {
        let table: [[Float]] = [[9, 9], [1, -2], [4, 0], [-5, 6]]
        #expect(try sentenceQuery(embeddings: table, ids: [3, 1, 2, 0], mask: [1, 1, 1, 0], sentenceStart: 1) == [4, 0])
        #expect(try sentenceQuery(embeddings: table, ids: [3, 1, 0], mask: [1, 0, 0], sentenceStart: 1) == [0, 0])
        #expect(try sentenceQuery(embeddings: table, ids: [3, 1], mask: [1, 1], sentenceStart: 0) == [1, 6])
        // Seeded random rows against the kit's pooling with the schema positions masked as well.
        var rng = SeededGenerator(seed: 91)
        let (vocabulary, d) = (30, 6)
        let flat = (0..<(vocabulary * d)).map { _ in Float(rng.nextInt(below: 2001) - 1000) / 100 }
        let rows = (0..<vocabulary).map { Array(flat[($0 * d)..<(($0 + 1) * d)]) }
        for _ in 0..<25 {
            let length = 1 + rng.nextInt(below: 12), real = 1 + rng.nextInt(below: length)
            let ids = (0..<length).map { $0 < real ? 1 + rng.nextInt(below: vocabulary - 1) : 0 }
            let mask = (0..<length).map { $0 < real ? 1 : 0 }
            let start = rng.nextInt(below: length + 1)
            let masked = mask.indices.map { $0 < start ? 0 : mask[$0] }
            let kit = Retrieval.queries(table: Tensor(flat, shape: [vocabulary, d]), ids: [ids], mask: [masked], pooling: .max)[0]
            #expect(try sentenceQuery(embeddings: rows, ids: ids, mask: mask, sentenceStart: start) == kit,
                    "ids \(ids), mask \(mask), start \(start)")
        }
    }

    /// The contract of 9.2, read literally: softmax over the remaining slots, walk in bank order.
    static func sampled(_ scores: [Float], k: Int, temperature: Float, uniforms: [Double]) -> [Int] {
        var remaining = Array(scores.indices), drawn: [Int] = []
        for u in uniforms.prefix(k) {
            let top = remaining.map { Double(scores[$0]) }.max()!
            let weights = remaining.map { exp((Double(scores[$0]) - top) / Double(temperature)) }
            let total = weights.reduce(0, +)
            var running = 0.0
            let pick = weights.indices.first { running += weights[$0] / total; return running > u } ?? remaining.count - 1
            drawn.append(remaining.remove(at: pick))
        }
        return drawn.sorted()
    }

    @Test("9.2 slots drawn from a softmax of their scores, without replacement, in bank order")
    func ex9_2_sampledSlots() throws {
        #expect(try sampledSlots(scores: [0, 0, 0, 0], k: 2, temperature: 1, uniforms: [0.1, 0.9]) == [0, 3])
        // ln 3 apart: slot 0 has a quarter of the draw, slot 1 three quarters, walked in bank order.
        #expect(try sampledSlots(scores: [0, Float(log(3.0))], k: 1, temperature: 1, uniforms: [0.2]) == [0])
        #expect(try sampledSlots(scores: [0, Float(log(3.0))], k: 1, temperature: 1, uniforms: [0.3]) == [1])
        // A cold temperature is top-k whatever the draws; a draw of almost 1 takes the last slot.
        let scores: [Float] = [0.3, -1, 2.5, 0.9, 2.4, -0.2]
        #expect(try sampledSlots(scores: scores, k: 3, temperature: 1e-4, uniforms: [0.99, 0.5, 0.01]) == Retrieval.topK(scores, k: 3))
        var rng = SeededGenerator(seed: 92)
        for _ in 0..<40 {
            let size = 2 + rng.nextInt(below: 10), k = 1 + rng.nextInt(below: size)
            let values = (0..<size).map { _ in Float(rng.nextInt(below: 400) - 200) / 100 }
            let uniforms = (0..<k).map { _ in Double(rng.nextInt(below: 1000)) / 1000 }
            let temperature = [0.5, 1, 3][rng.nextInt(below: 3)] as Float
            let yours = try sampledSlots(scores: values, k: k, temperature: temperature, uniforms: uniforms)
            #expect(yours == Self.sampled(values, k: k, temperature: temperature, uniforms: uniforms),
                    "scores \(values), k \(k), t \(temperature), uniforms \(uniforms)")
            #expect(Set(yours).count == k && yours == yours.sorted())
        }
    }

    @Test("9.3 reads per slot, their share in the k most-read slots, and the unread slots")
    func ex9_3_slotUsage() throws {
        let usage = try slotUsage([[0, 1], [0, 2], [0, 1]], bankSize: 4)
        #expect(usage.counts == [3, 2, 1, 0] && abs(usage.topShare - 5.0 / 6) < 1e-12 && usage.unread == [3], "\(usage)")
        let none = try slotUsage([], bankSize: 3)
        #expect(none.counts == [0, 0, 0] && none.topShare == 0 && none.unread == [0, 1, 2])
        let same = try slotUsage([[1, 4], [1, 4]], bankSize: 5)
        #expect(same.topShare == 1 && same.unread == [0, 2, 3])
        // Seeded random sets against the kit's usage counts and top-k (ties to the lower slot).
        var rng = SeededGenerator(seed: 93)
        for _ in 0..<20 {
            let bank = 3 + rng.nextInt(below: 12), k = 1 + rng.nextInt(below: bank - 1)
            let sets = (0..<rng.nextInt(below: 9)).map { _ in Retrieval.randomSlots(size: bank, k: k, rng: &rng) }
            let counts = TaskSlots(task: "t", slots: sets).usage(bankSize: bank)
            let reads = counts.reduce(0, +)
            let top = Retrieval.topK(counts.map { Float($0) }, k: k).reduce(0) { $0 + counts[$1] }
            let yours = try slotUsage(sets, bankSize: bank)
            #expect(yours.counts == counts, "\(sets)")
            #expect(abs(yours.topShare - (reads == 0 ? 0 : Double(top) / Double(reads))) < 1e-12, "\(sets)")
            #expect(yours.unread == counts.indices.filter { counts[$0] == 0 }, "\(sets)")
        }
    }

    @Test("9.4 stored floats after T target tasks, the paper's count and everything")
    func ex9_4_storedFloats() throws {
        let options = TokenPromptOptions()   // M 120, k 10, n 10
        func stored(_ arm: TargetArm, _ tasks: Int) throws -> (paperCount: Int, everything: Int) {
            try storedFloats(arm: arm, targetTasks: tasks, options: options, bankWidth: 128, positionFloats: 1_024)
        }
        let frozen = try stored(.tptFrozen, 3)
        #expect(frozen.paperCount == 30_720 && frozen.everything == 46_080, "\(frozen)")
        let tuned = try stored(.tptTuned, 7)
        #expect(tuned.paperCount == 71_680 && tuned.everything == 7 * 25_600, "\(tuned)")
        for arm in [TargetArm.scratch, .multitaskStart] {
            let plain = try stored(arm, 7)
            #expect(plain.paperCount == 7 * 20_480 && plain.everything == 7 * 20_480, "\(arm): \(plain)")
        }
        for arm in [TargetArm.tptRandom, .tptMean] {
            let one = try stored(arm, 1)
            #expect(one.paperCount == 10_240 && one.everything == 25_600, "\(arm): \(one)")
        }
        for arm in TargetArm.allCases {
            let zero = try stored(arm, 0)
            #expect(zero.paperCount == 0 && zero.everything == 0, "\(arm): \(zero)")
        }
        // A shallow prompt's position is as wide as a bank slot.
        let shallow = try storedFloats(arm: .tptFrozen, targetTasks: 3, options: options, bankWidth: 128, positionFloats: 128)
        #expect(shallow.paperCount == 3_840 && shallow.everything == 19_200, "\(shallow)")
        // One task agrees with the chapter's table: stored per task, plus what is stored once.
        var small = TokenPromptOptions()
        (small.bankSize, small.retrieved, small.taskPromptLength) = (12, 2, 3)
        let table = TokenPromptTables.parameters(arms: TargetArm.allCases, options: small, bankWidth: 8, positionFloats: 64, backbone: 10_000)
        for arm in TargetArm.allCases {
            let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("| \(arm.rawValue) |") })
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let (perTask, shared) = (Int(cells[2])!, Int(cells[3])!)
            #expect(try storedFloats(arm: arm, targetTasks: 1, options: small, bankWidth: 8, positionFloats: 64).everything == perTask + shared, "\(arm)")
        }
    }
}
