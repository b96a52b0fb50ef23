// Vocabulary, span corruption and pretraining: determinism, exact resumption after a kill,
// and a loss that falls.

import Foundation
import Testing
import Tensors
import T5

@Suite struct VocabularyTests {
    @Test("words split on punctuation but keep inner hyphens, apostrophes, decimals and <markers>")
    func splitting() {
        #expect(Vocabulary.words("Dr. Kaibo's re-use of 3.5 units, <spot> ok.") ==
                ["Dr", ".", "Kaibo's", "re-use", "of", "3.5", "units", ",", "<spot>", "ok", "."])
    }

    @Test("building is deterministic; ids follow the special-token layout; save/load round-trips")
    func layoutAndRoundTrip() throws {
        let corpus = ["b a a", "c a b", "z"]
        let v = Vocabulary(corpus: corpus, sentinels: 4, reserved: ["<spot>"])
        #expect(v == Vocabulary(corpus: corpus, sentinels: 4, reserved: ["<spot>"]))
        #expect(v.tokens == ["<pad>", "</s>", "<unk>", "<extra_id_0>", "<extra_id_1>", "<extra_id_2>", "<extra_id_3>",
                             "<spot>", "a", "b", "c", "z"])
        #expect(v.encode("a zz") == [8, Vocabulary.unknown, Vocabulary.eos])
        #expect(v.decode([8, 9, 1, 10]) == "a b")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try v.save(url)
        #expect(try Vocabulary.load(url) == v)
        try "# lpt vocabulary: sentinels 1\n<pad>\n</s>\n<unk>\n<extra_id_0>\nword\nword\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: VocabularyError.malformed(path: url.path, line: 7, reason: "duplicate token 'word'")) { try Vocabulary.load(url) }
    }
}

@Suite struct SpanCorruptionTests {
    @Test("about 15% of tokens are dropped in spans; input and target together restore the text")
    func corruption() {
        let vocabulary = Vocabulary(corpus: ["x"], sentinels: 40)
        let tokens = Array(100..<200)
        var rng = SeededGenerator(seed: 9)
        let (input, target) = SpanCorruption().corrupt(tokens, vocabulary: vocabulary, rng: &rng)
        let sentinels = Set((vocabulary.sentinel(8))...(vocabulary.sentinel(39)))
        let dropped = target.filter { !sentinels.contains($0) && $0 != Vocabulary.eos }
        #expect(dropped.count == 15)
        #expect(input.filter { sentinels.contains($0) }.count == 5)   // round(15 / 3) spans
        #expect(!input.contains(vocabulary.sentinel(0)))              // <extra_id_0…7> stay free for SEL
        // Rebuild: replace each sentinel in the input by the tokens after it in the target.
        var spans: [Int: [Int]] = [:], current = -1
        for t in target.dropLast() { if sentinels.contains(t) { current = t; spans[t] = [] } else { spans[current]!.append(t) } }
        #expect(input.dropLast().flatMap { sentinels.contains($0) ? spans[$0]! : [$0] } == tokens)
    }
}

@Suite struct PretrainingTests {
    static func trainer(steps: Int) -> Pretrainer {
        let world = SyntheticWorld(nameCount: 200, seed: 3)   // small world: test speed
        let vocabulary = Vocabulary(corpus: world.corpus(count: 2_000, seed: 1), sentinels: 40)
        var options = PretrainingOptions()
        (options.steps, options.batchSize, options.checkpointEvery, options.warmupSteps, options.recordEvery) = (steps, 8, 3, 2, 2)
        return Pretrainer(config: .testSize(vocabularySize: vocabulary.count), vocabulary: vocabulary, world: world, options: options)
    }

    @Test("a run killed after a checkpoint resumes to exactly the uninterrupted result")
    func resumeIsExact() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pretrain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let uninterrupted = Self.trainer(steps: 7)
        try uninterrupted.run(checkpointFolder: nil)

        let first = Self.trainer(steps: 7)
        struct Killed: Error {}
        #expect(throws: Killed.self) {
            try first.run(checkpointFolder: folder) { step, _ in if step == 5 { throw Killed() } }
        }
        let second = Self.trainer(steps: 7)
        #expect(try second.resume(from: folder))
        #expect(second.step == 3)   // the last checkpoint before the kill
        try second.run(checkpointFolder: folder)
        #expect(second.history == uninterrupted.history)
        for ((name, a), (_, b)) in zip(second.model.namedParameters(), uninterrupted.model.namedParameters()) {
            #expect(a.data == b.data, "\(name) differs after resuming")
        }
    }

    @Test("resuming with different options is refused with a clear error")
    func optionsMustMatch() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pretrain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.trainer(steps: 3).run(checkpointFolder: folder)
        #expect(throws: PretrainingError.self) { try Self.trainer(steps: 4).resume(from: folder) }
    }

    @Test("the pretraining loss falls")
    func lossFalls() throws {
        let t = Self.trainer(steps: 40)
        try t.run(checkpointFolder: nil)
        let first = t.history.first!.loss, last = t.history.last!.loss
        #expect(last < first * 0.6, "loss went from \(first) to \(last)")
    }
}
