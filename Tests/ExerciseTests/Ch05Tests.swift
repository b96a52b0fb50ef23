// Chapter 5 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's LotteryMasks library is the oracle (PromptMask.top, maskedPrompt fed |s| made in the
// graph, MaskReuse and LotteryPrompt.prepareGradients, PromptMask's subscript and popcount,
// LotteryPrompt.expandIfNeeded and LotteryAccounting), on hand-made and seeded random inputs; the
// prompt's gradient through the |s|-ranked mask is checked by finite differences.

import Foundation
import LotteryMasks
import SoftPrompts
import T5
import Tensors
import Testing
#if LPT_SOLUTIONS
import Solutions05
#else
import Exercises05
#endif

@Suite struct Ch05Tests {
    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    @Test("5.1 the top-k mask")
    func ex5_1_topKMask() throws {
        // By hand: ties go to the lower index, and -9 is dropped, not kept for its size (no abs).
        #expect(try topKMask(scores: [0.2, -9, 0.2, 0.5, 0.2, 0.1], keepFraction: 0.5) == [true, false, true, true, false, false])
        // All negative: the least negative are kept.
        #expect(try topKMask(scores: [-3, -1, -2, -5], keepFraction: 0.5) == [false, true, true, false])
        // Rounding: 0.25 of 10 is 2.5 → 3 (halves away from zero), all tied, so the first three.
        #expect(try topKMask(scores: Array(repeating: 0, count: 10), keepFraction: 0.25)
                == [true, true, true] + Array(repeating: false, count: 7))
        #expect(try topKMask(scores: [1, 2, 3], keepFraction: 0) == [false, false, false])
        #expect(try topKMask(scores: [1, 2, 3], keepFraction: 1) == [true, true, true])
        #expect(try topKMask(scores: [], keepFraction: 0.3) == [])

        // Against PromptMask.top on seeded random scores: continuous ones, and ones drawn from five
        // values, so most comparisons are ties.
        var rng = SeededGenerator(seed: 51)
        var mismatches: [String] = []
        for trial in 0..<300 {
            let count = 1 + rng.nextInt(below: 200)
            let fractions = [0.1, 0.25, 0.3, 0.5, 0.7, 0.95, Double(rng.nextUniform())]
            let keep = fractions[rng.nextInt(below: fractions.count)]
            let scores: [Float] = trial % 2 == 0
                ? (0..<count).map { _ in rng.nextUniform() * 2 - 1 }
                : (0..<count).map { _ in Float(rng.nextInt(below: 5) - 2) * 0.5 }
            let mine = try topKMask(scores: scores, keepFraction: keep)
            if mine.count != count || PromptMask(mine) != PromptMask.top(keepFraction: keep, of: scores) {
                mismatches.append("P \(count), keep \(keep), trial \(trial)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 300 differ from PromptMask.top, e.g. \(mismatches.prefix(3))")
    }

    @Test("5.2 edge-popup's mask, ranked by |s|")
    func ex5_2_absScoreMask() throws {
        // By hand (the stub's example): the pruned entry 2 still tells its score something, and a
        // score of -0 gets no gradient, although its sign bit is set.
        let theta = Tensor([2, -3, 4, 1], shape: [4], requiresGrad: true)
        let s = Tensor([0.5, -0.9, 0.1, -0.0], shape: [4], requiresGrad: true)
        let hat = try absScoreMask(values: theta, scores: s, keepFraction: 0.5)
        #expect(hat.shape == [4] && hat.data == [2, -3, 0, 0])
        hat.sum().backward()
        #expect(theta.grad == [1, 1, 0, 0] && s.grad == [2, 3, 4, 0])
        // Equal |s| go to the lower index: 0.3 and -0.3 tie, and entry 0 wins.
        let tied = try absScoreMask(values: Tensor([1, 1, 1, 1], shape: [2, 2]), scores: Tensor([0.3, -0.3, 0.2, -0.5], shape: [2, 2]),
                                    keepFraction: 0.5)
        #expect(tied.shape == [2, 2] && tied.data == [1, 0, 0, 1])

        // Against the library: |s| built in the graph as s times its sign (a constant, 0 at 0), fed
        // to maskedPrompt with the top-k of |s|. The loss reads θ̂ linearly and squared (so pruned
        // entries get a non-zero g) and uses θ a second time (so gradients must be added).
        var rng = SeededGenerator(seed: 52)
        for (trial, shape) in [[3, 4], [2, 2, 5], [17], [4, 2, 3, 8]].enumerated() {
            let count = shape.reduce(1, *)
            let values = Tensor.normal(shape, std: 1, rng: &rng).data
            // Odd trials draw scores from five values, zero among them, so ties in |s| are common.
            let scores: [Float] = trial % 2 == 0 ? Tensor.uniform(shape, low: -1, high: 1, rng: &rng).data
                : (0..<count).map { _ in Float(rng.nextInt(below: 5) - 2) * 0.25 }
            let (w, w2, w3) = (Tensor.normal(shape, std: 1, rng: &rng), Tensor.normal(shape, std: 1, rng: &rng),
                               Tensor.normal(shape, std: 1, rng: &rng))
            for keep in [0.0, 0.3, 0.5, 1.0] {
                func run(_ scores: [Float], _ op: (Tensor, Tensor) throws -> Tensor) rethrows
                    -> (out: [Float], dValues: [Float]?, dScores: [Float]?) {
                    let (t, sc) = (Tensor(values, shape: shape, requiresGrad: true), Tensor(scores, shape: shape, requiresGrad: true))
                    let out = try op(t, sc)
                    ((out * w).sum() + (out * out * w3).sum() + (t * w2).sum()).backward()
                    return (out.data, t.grad, sc.grad)
                }
                let mine = try run(scores) { try absScoreMask(values: $0, scores: $1, keepFraction: keep) }
                let library = run(scores) { t, sc in
                    let signs = Tensor(scores.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, shape: shape)
                    let magnitude = sc * signs
                    return maskedPrompt(values: t, scores: magnitude, mask: PromptMask.top(keepFraction: keep, of: magnitude.data))
                }
                #expect(mine.out == library.out, "forward, shape \(shape), keep \(keep)")
                #expect(Self.close(mine.dValues ?? [], library.dValues ?? [0], 1e-6), "∂θ, shape \(shape), keep \(keep)")
                #expect(Self.close(mine.dScores ?? [], library.dScores ?? [0], 1e-6), "∂s, shape \(shape), keep \(keep)")

                // With positive scores, |s| is s: the kit's own mask and straight-through rule.
                let positive = scores.map { abs($0) + 0.01 }
                let mineOnPositive = try run(positive) { try absScoreMask(values: $0, scores: $1, keepFraction: keep) }
                let kit = run(positive) { maskedPrompt(values: $0, scores: $1, mask: PromptMask.top(keepFraction: keep, of: positive)) }
                #expect(mineOnPositive.out == kit.out && Self.close(mineOnPositive.dScores ?? [], kit.dScores ?? [0], 1e-6),
                        "positive scores, shape \(shape), keep \(keep)")
            }

            // Frozen scores (evaluation) get no gradient at all.
            let frozen = Tensor(scores, shape: shape), free = Tensor(values, shape: shape, requiresGrad: true)
            try absScoreMask(values: free, scores: frozen, keepFraction: 0.3).sum().backward()
            #expect(frozen.grad == nil && free.grad != nil)

            // θ's gradient is a true derivative (the mask depends on the scores only): finite
            // differences agree. The scores' gradient is a surrogate by design.
            let theta = Tensor(values, shape: shape)
            var failure: Error?
            let check = GradientCheck.check([theta]) {
                do {
                    let out = try absScoreMask(values: theta, scores: Tensor(scores, shape: shape), keepFraction: 0.5)
                    return (out * out * w3).sum()
                } catch { failure = error; return Tensor(scalar: 0) }
            }
            if let failure { throw failure }
            #expect(check.passes() && check.maxAnalytic > 0.1, "max relative error \(check.maxRelativeError)")
        }
    }

    @Test("5.3 the owner of every entry")
    func ex5_3_entryOwners() throws {
        // By hand: task 1 borrows entry 1 from task 0; task 2 trains nothing (it only reads).
        let (t, f) = (true, false)
        #expect(try entryOwners(masks: [PromptMask([t, t, f, f]), PromptMask([f, t, t, f]), PromptMask([t, f, t, f])], promptEntries: 4)
                == [0, 0, 1, nil])
        #expect(try entryOwners(masks: [], promptEntries: 3) == [nil, nil, nil])
        #expect(try entryOwners(masks: [PromptMask(count: 2), PromptMask([f, t])], promptEntries: 2) == [nil, 1])
        // Word boundaries.
        var a = [Bool](repeating: false, count: 130), b = a
        for j in [0, 63, 64, 129] { a[j] = true }
        for j in [63, 64, 65, 127, 128] { b[j] = true }
        let expected: [Int?] = (0..<130).map { a[$0] ? 0 : (b[$0] ? 1 : nil) }
        #expect(try entryOwners(masks: [PromptMask(a), PromptMask(b)], promptEntries: 130) == expected)

        // Against MaskReuse on seeded random masks: each mask split by owner, and the free share.
        var rng = SeededGenerator(seed: 53)
        var mismatches: [String] = []
        for trial in 0..<60 {
            let count = 1 + rng.nextInt(below: 300), tasks = 1 + rng.nextInt(below: 6)
            let fractions = [0, 0.1, 0.3, 0.6, 1]
            let masks = (0..<tasks).map { _ in
                PromptMask.top(keepFraction: fractions[rng.nextInt(below: fractions.count)], of: (0..<count).map { _ in rng.nextUniform() })
            }
            let owners = try entryOwners(masks: masks, promptEntries: count)
            guard owners.count == count else { mismatches.append("trial \(trial): \(owners.count) owners for \(count) entries"); continue }
            let reuse = MaskReuse(masks: masks.enumerated().map { ("task\($0.offset)", $0.element) })
            for (k, mask) in masks.enumerated() {
                let size = Double(max(1, mask.popcount))
                let row = (0...k).map { i in Double((0..<count).filter { mask[$0] && owners[$0] == i }.count) / size }
                if !zip(row, reuse.shares[k]).allSatisfy({ abs($0 - $1) < 1e-12 }) { mismatches.append("trial \(trial), task \(k)") }
            }
            let free = Double(owners.filter { $0 == nil }.count) / Double(count)
            if abs(free - reuse.freeCapacity) > 1e-12 { mismatches.append("trial \(trial): free share \(free), not \(reuse.freeCapacity)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches with MaskReuse, e.g. \(mismatches.prefix(3))")

        // Against the library's isolation hook: four tasks over a small deep prompt (P = 384), with no
        // score offset, so later masks take entries earlier tasks own. During task k a fresh Adam
        // takes two steps on the straight-through gradient g ⊙ m_k after prepareGradients; the
        // entries that change are exactly the ones the map gives to k.
        let config = T5Config.testSize(vocabularySize: 20)
        var options = LotteryOptions()
        options.ownedScoreOffset = 0
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: config, length: 3), model: T5Model(config: config, seed: 3),
                                    options: options)
        let count = lottery.layout.parameterCount
        var changed: [Set<Int>] = []
        for k in 0..<4 {
            lottery.beginTask()
            let bits = lottery.currentMask.floats, start = lottery.values.data
            let adam = Adam([lottery.values], learningRate: 0.1)
            for _ in 0..<2 {
                lottery.values.grad = (0..<count).map { Float(rng.nextNormal()) * bits[$0] }
                lottery.prepareGradients()
                adam.step()
            }
            let end = lottery.values.data
            changed.append(Set((0..<count).filter { end[$0].bitPattern != start[$0].bitPattern }))
            lottery.finishTask("task\(k)")
        }
        let learned = lottery.masks.map(\.mask)
        #expect(learned[1].intersection(learned[0]).popcount > 0, "the test needs a later mask that borrows")
        let owners = try entryOwners(masks: learned, promptEntries: count)
        for k in 0..<4 {
            let given = Set((0..<count).filter { owners.count == count && owners[$0] == k })
            let (stuck, stray) = (given.subtracting(changed[k]).count, changed[k].subtracting(given).count)
            #expect(given == changed[k], "task \(k): \(stuck) entries given to it did not move, \(stray) that moved are not given to it")
        }
    }

    @Test("5.4 count a mask's entries in a range, on the words")
    func ex5_4_countSet() throws {
        // By hand: the stub's examples, ranges that end on a word boundary, and empty ranges.
        #expect(try countSet(words: [0b1011_0110], in: 1..<5) == 3)
        #expect(try countSet(words: [.max, .max], in: 60..<70) == 10)
        #expect(try countSet(words: [.max], in: 0..<64) == 64)
        #expect(try countSet(words: [.max, .max, .max], in: 1..<191) == 190)
        #expect(try countSet(words: [1 << 63, 1], in: 63..<65) == 2)
        #expect(try countSet(words: [1 << 63, 1], in: 0..<63) == 0)
        #expect(try countSet(words: [.max, .max], in: 64..<64) == 0)
        #expect(try countSet(words: [.max, .max], in: 128..<128) == 0)
        #expect(try countSet(words: [], in: 0..<0) == 0)

        // Against PromptMask's subscript: every range between entries at or next to a word
        // boundary, random ranges, and the whole mask against popcount.
        var rng = SeededGenerator(seed: 54)
        var mismatches: [String] = []
        for count in [1, 63, 64, 65, 128, 130, 300] {
            for density: Float in [0, 0.3, 0.7, 1.1] {
                let mask = PromptMask((0..<count).map { _ in rng.nextUniform() < density })
                let words = mask.words
                let edges = Set([0, 1, 62, 63, 64, 65, 127, 128, 129, count - 1, count]).filter { $0 >= 0 && $0 <= count }
                var ranges = edges.flatMap { low in edges.filter { $0 >= low }.map { low..<$0 } }
                for _ in 0..<30 {
                    let low = rng.nextInt(below: count + 1)
                    ranges.append(low..<(low + rng.nextInt(below: count - low + 1)))
                }
                ranges.append(0..<(64 * words.count))
                for range in ranges {
                    let expected = range.filter { $0 < count && mask[$0] }.count
                    if try countSet(words: words, in: range) != expected { mismatches.append("\(count) entries, density \(density), range \(range)") }
                }
                if try countSet(words: words, in: 0..<count) != mask.popcount { mismatches.append("\(count) entries: not the popcount") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(3))")

        // How a task's mask spends its entries over the blocks of a deep prompt, one block per layer
        // and key or value (160 entries each here, so blocks start inside words).
        let layout = PromptLayout(.deep, for: T5Config.testSize(vocabularySize: 20), length: 5)
        let mask = PromptMask.top(keepFraction: 0.3, of: (0..<layout.parameterCount).map { _ in rng.nextUniform() })
        let block = layout.length * layout.width
        var total = 0
        for b in 0..<layout.blocks {
            let range = (b * block)..<((b + 1) * block)
            let mine = try countSet(words: mask.words, in: range)
            #expect(mine == range.filter { mask[$0] }.count, "block \(b)")
            total += mine
        }
        #expect(total == mask.popcount)
    }

    @Test("5.5 parameter accounting for a stream that outgrows its prompt")
    func ex5_5_expandingStreamAccounting() throws {
        // The stub's small example: 0.5 of 9 entries keeps 5 (4.5 rounds up), but only 3 are free.
        let small = try expandingStreamAccounting(backboneParameters: 1_000, entriesPerPosition: 3, initialLength: 2,
                                                  growth: 1, keepFraction: 0.5, tasks: 4)
        #expect(small.lengths == [2, 2, 3, 4] && small.newEntries == [3, 3, 3, 3])
        #expect(Self.close(small.addedPercent, 2.0))
        let none = try expandingStreamAccounting(backboneParameters: 1_000, entriesPerPosition: 3, initialLength: 2,
                                                 growth: 1, keepFraction: 0.5, tasks: 0)
        #expect(none.lengths.isEmpty && none.newEntries.isEmpty && Self.close(none.addedPercent, 0.6))
        // The main job's nine-task stream (chapter 6: the rule fires before every task from the
        // fourth, 20 → 80 positions, +Param 7.96%), and the same budget with growth 0 over 13 tasks.
        let job = try expandingStreamAccounting(backboneParameters: 1_319_296, entriesPerPosition: 1_024, initialLength: 20,
                                                growth: 10, keepFraction: 0.3, tasks: 9)
        #expect(job.lengths == [20, 20, 20, 30, 40, 50, 60, 70, 80])
        #expect(job.newEntries == [6_144, 6_144, 6_144, 9_216, 12_288, 11_264, 10_240, 10_240, 10_240])
        #expect(abs(job.addedPercent - 7.9557582) < 1e-6)
        let fixed = try expandingStreamAccounting(backboneParameters: 1_319_296, entriesPerPosition: 1_024, initialLength: 20,
                                                  growth: 0, keepFraction: 0.3, tasks: 13)
        #expect(fixed.lengths == Array(repeating: 20, count: 13))
        #expect(fixed.newEntries == [6_144, 6_144, 6_144, 2_048] + Array(repeating: 0, count: 9))
        #expect(abs(fixed.addedPercent - 2.1829824) < 1e-6)

        // Against the library: a LotteryPrompt (default score offset) grown by expandIfNeeded before
        // each task, and LotteryAccounting at its final size, on seeded random streams.
        let config = T5Config.testSize(vocabularySize: 20), model = T5Model(config: config, seed: 3)
        var rng = SeededGenerator(seed: 55)
        var mismatches: [String] = []
        for trial in 0..<40 {
            let placement: PromptPlacement = trial % 2 == 0 ? .deep : .shallow
            let length = 1 + rng.nextInt(below: 4), growth = rng.nextInt(below: 4)
            let fractions = [0.1, 0.25, 0.3, 0.5, 0.7, 1, Double(rng.nextUniform())]
            let keep = fractions[rng.nextInt(below: fractions.count)]
            let (tasks, n) = (rng.nextInt(below: 9), 10_000 + rng.nextInt(below: 2_000_000))
            var options = LotteryOptions()
            options.keepFraction = keep
            let lottery = LotteryPrompt(layout: PromptLayout(placement, for: config, length: length), model: model, options: options)
            let perPosition = lottery.layout.parameterCount / length
            var lengths: [Int] = [], fresh: [Int] = []
            for task in 0..<tasks {
                lottery.expandIfNeeded(growth: growth)
                lottery.beginTask()
                let before = lottery.owned
                fresh.append(lottery.finishTask("task\(task)").subtracting(before).popcount)
                lengths.append(lottery.layout.length)
            }
            let accounting = LotteryAccounting(backboneParameters: n, promptParameters: lottery.layout.parameterCount,
                                               keepFraction: keep, tasks: tasks)
            let mine = try expandingStreamAccounting(backboneParameters: n, entriesPerPosition: perPosition, initialLength: length,
                                                     growth: growth, keepFraction: keep, tasks: tasks)
            if mine.lengths != lengths || mine.newEntries != fresh || !Self.close(mine.addedPercent, accounting.addedPercent) {
                mismatches.append("\(placement) \(perPosition)/position, length \(length), growth \(growth), keep \(keep), \(tasks) tasks: "
                                  + "lengths \(mine.lengths) for \(lengths), new \(mine.newEntries) for \(fresh)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 40 differ from the library, e.g. \(mismatches.prefix(2))")
    }
}
