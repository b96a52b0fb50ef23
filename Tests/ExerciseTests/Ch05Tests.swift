// Chapter 5 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's LotteryMasks library is the oracle (PromptMask.top, maskedPrompt,
// LotteryPrompt.prepareGradients, PromptMask's words, LotteryAccounting), on hand-made and
// seeded random inputs; the prompt's gradient through the masked prompt is checked by finite differences.

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

    @Test("5.2 the straight-through masked prompt")
    func ex5_2_straightThroughMask() throws {
        // By hand (the stub's example).
        let theta = Tensor([2, -3], shape: [2], requiresGrad: true), s = Tensor([0.5, 0.1], shape: [2], requiresGrad: true)
        let hat = try straightThroughMask(values: theta, scores: s, mask: [true, false])
        #expect(hat.shape == [2] && hat.data == [2, 0])
        hat.sum().backward()
        #expect(theta.grad == [1, 0] && s.grad == [2, -3])

        // Against maskedPrompt on random inputs. The loss squares θ̂ (so g depends on the forward
        // value) and uses θ a second time (so gradients must be added, not assigned).
        var rng = SeededGenerator(seed: 52)
        for shape in [[3, 4], [2, 2, 5], [17]] {
            let count = shape.reduce(1, *)
            let values = Tensor.normal(shape, std: 1, rng: &rng).data, scores = Tensor.uniform(shape, low: -1, high: 1, rng: &rng).data
            let (w, w2) = (Tensor.normal(shape, std: 1, rng: &rng), Tensor.normal(shape, std: 1, rng: &rng))
            let mask = PromptMask.top(keepFraction: 0.3, of: scores)
            func run(_ op: (Tensor, Tensor) throws -> Tensor) rethrows -> (out: [Float], dValues: [Float]?, dScores: [Float]?) {
                let (t, sc) = (Tensor(values, shape: shape, requiresGrad: true), Tensor(scores, shape: shape, requiresGrad: true))
                let out = try op(t, sc)
                ((out * out * w).sum() + (t * w2).sum()).backward()
                return (out.data, t.grad, sc.grad)
            }
            let mine = try run { try straightThroughMask(values: $0, scores: $1, mask: (0..<count).map { mask[$0] }) }
            let library = run { maskedPrompt(values: $0, scores: $1, mask: mask) }
            #expect(mine.out == library.out, "forward, shape \(shape)")
            #expect(Self.close(mine.dValues ?? [], library.dValues ?? [0], 1e-6), "∂θ, shape \(shape)")
            #expect(Self.close(mine.dScores ?? [], library.dScores ?? [0], 1e-6), "∂s, shape \(shape)")

            // Frozen scores (evaluation) get no gradient at all.
            let frozen = Tensor(scores, shape: shape), free = Tensor(values, shape: shape, requiresGrad: true)
            try straightThroughMask(values: free, scores: frozen, mask: (0..<count).map { mask[$0] }).sum().backward()
            #expect(frozen.grad == nil && free.grad != nil)

            // θ's gradient is a true derivative (the mask is fixed here): finite differences agree.
            // The scores' gradient is a surrogate by design, so it has nothing to agree with.
            let theta = Tensor(values, shape: shape)
            var failure: Error?
            let check = GradientCheck.check([theta]) {
                do {
                    let out = try straightThroughMask(values: theta, scores: Tensor(scores, shape: shape), mask: (0..<count).map { mask[$0] })
                    return (out * out * w).sum()
                } catch { failure = error; return Tensor(scalar: 0) }
            }
            if let failure { throw failure }
            #expect(check.passes() && check.maxAnalytic > 0.1, "max relative error \(check.maxRelativeError)")
        }
    }

    @Test("5.3 gradient isolation")
    func ex5_3_isolateGradient() throws {
        // By hand.
        #expect(try isolateGradient([0.5, -1, 2, 3], owned: PromptMask([true, false, false, true])) == [0, -1, 2, 0])
        // Set, do not multiply: owned entries whose gradient overflowed still get exactly 0.
        let wild = try isolateGradient([.infinity, .nan, 1, -.infinity], owned: PromptMask([true, true, false, false]))
        #expect(wild.count == 4 && wild[0] == 0 && wild[1] == 0 && wild[2] == 1 && wild[3] == -.infinity)
        // Entries on both sides of word boundaries.
        var bits = [Bool](repeating: false, count: 130)
        for j in [0, 63, 64, 65, 127, 128, 129] { bits[j] = true }
        let ones = [Float](repeating: 1, count: 130)
        #expect(try isolateGradient(ones, owned: PromptMask(bits)) == bits.map { $0 ? 0 : 1 })

        // Against LotteryPrompt.prepareGradients, with two learned tasks owning about half of a
        // small deep prompt, then three Adam steps on the isolated gradient: owned entries stay
        // bit-identical, every free entry moves.
        let config = T5Config.testSize(vocabularySize: 20)   // small for test speed: P = 384
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: config, length: 3), model: T5Model(config: config, seed: 3))
        lottery.finishTask("a")
        lottery.beginTask()
        lottery.finishTask("b")
        lottery.beginTask()
        let owned = lottery.owned, count = lottery.layout.parameterCount
        #expect(owned.popcount > 0 && owned.popcount < count)
        let adam = Adam([lottery.values], learningRate: 0.1)   // fresh per task, no weight decay, as the tuner makes it
        let before = lottery.values.data
        var rng = SeededGenerator(seed: 53)
        for step in 0..<3 {
            let gradient = (0..<count).map { _ in Float(rng.nextNormal()) }
            lottery.values.grad = gradient
            lottery.prepareGradients()
            let mine = try isolateGradient(gradient, owned: owned)
            let asLibrary = mine == lottery.values.grad
            #expect(asLibrary, "step \(step): differs from LotteryPrompt.prepareGradients")
            lottery.values.grad = mine
            adam.step()
        }
        let after = lottery.values.data
        let ownedMoved = (0..<count).filter { owned[$0] && after[$0].bitPattern != before[$0].bitPattern }
        let freeStuck = (0..<count).filter { !owned[$0] && after[$0] == before[$0] }
        #expect(ownedMoved.isEmpty, "owned entries changed: \(ownedMoved.prefix(5))")
        #expect(freeStuck.isEmpty, "free entries did not move: \(freeStuck.prefix(5))")
    }

    @Test("5.4 bit-pack a mask")
    func ex5_4_packMask() throws {
        // By hand: bit 0 is the least significant; entry 64 is bit 0 of the second word.
        #expect(try packMask([true, false, true]) == [5])
        #expect(try packMask(Array(repeating: true, count: 65)) == [UInt64.max, 1])
        #expect(try packMask([]) == [])
        var single = [Bool](repeating: false, count: 130)
        single[64] = true
        #expect(try packMask(single) == [0, 1, 0])
        single[64] = false
        single[63] = true
        #expect(try packMask(single) == [1 << 63, 0, 0])
        #expect(try unpackMask([5], count: 3) == [true, false, true])
        #expect(try unpackMask([UInt64.max, 1], count: 65) == Array(repeating: true, count: 65))

        // Against PromptMask's words at the word boundaries, empty, full and random, both ways.
        var rng = SeededGenerator(seed: 54)
        var mismatches: [String] = []
        for count in [1, 63, 64, 65, 130] {
            for density: Float in [0, 0.3, 0.7, 1.1] {
                let bits = (0..<count).map { _ in rng.nextUniform() < density }
                let library = PromptMask(bits)
                if try packMask(bits) != library.words { mismatches.append("pack, \(count) entries, density \(density)") }
                if try unpackMask(library.words, count: count) != bits { mismatches.append("unpack, \(count) entries, density \(density)") }
            }
        }
        // Random sizes: the round trip, and unpacking agrees with PromptMask's subscript.
        for _ in 0..<100 {
            let count = 1 + rng.nextInt(below: 600)
            let mask = PromptMask.top(keepFraction: 0.3, of: (0..<count).map { _ in rng.nextUniform() })
            let bits = (0..<count).map { mask[$0] }
            if try unpackMask(packMask(bits), count: count) != bits { mismatches.append("round trip, \(count) entries") }
            if try unpackMask(mask.words, count: count) != bits { mismatches.append("subscript, \(count) entries") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(3))")
    }

    @Test("5.5 parameter accounting")
    func ex5_5_lotteryShares() throws {
        // The kit's shapes with a 2,663-word vocabulary (N 1,260,160; the shipped backbone's 3,125
        // words give 1,319,296), deep prompt P 20,480, keep 0.3 (6,144 entries), 13 tasks.
        let kit = try lotteryShares(backboneParameters: 1_260_160, promptParameters: 20_480, keepFraction: 0.3, tasks: 13)
        #expect(kit.maskBytes == 2_560)
        #expect(abs(kit.tunePercent - 0.4875571) < 1e-6)
        #expect(abs(kit.addedPercent - 2.2854241) < 1e-6)
        // A mask takes 8 bytes per started word of 64 entries; 0.25 of 10 entries keeps 3 (2.5 rounds up).
        for (p, bytes) in [(1, 8), (64, 8), (65, 16), (130, 24)] {
            #expect(try lotteryShares(backboneParameters: 1_000, promptParameters: p, keepFraction: 0.3, tasks: 1).maskBytes == bytes)
        }
        #expect(Self.close(try lotteryShares(backboneParameters: 1_000, promptParameters: 10, keepFraction: 0.25, tasks: 0).tunePercent, 0.3))

        // Against LotteryAccounting on seeded random budgets, including no tasks, keep 0 and keep 1.
        var rng = SeededGenerator(seed: 55)
        var mismatches: [String] = []
        for _ in 0..<300 {
            let n = 1_000 + rng.nextInt(below: 2_000_000), p = 1 + rng.nextInt(below: 50_000)
            let fractions = [0, 1, 0.3, 0.25, 0.5, Double(rng.nextUniform())]
            let (keep, tasks) = (fractions[rng.nextInt(below: fractions.count)], rng.nextInt(below: 20))
            let mine = try lotteryShares(backboneParameters: n, promptParameters: p, keepFraction: keep, tasks: tasks)
            let library = LotteryAccounting(backboneParameters: n, promptParameters: p, keepFraction: keep, tasks: tasks)
            if mine.maskBytes != library.maskBytes || !Self.close(mine.tunePercent, library.tunePercent)
                || !Self.close(mine.addedPercent, library.addedPercent) {
                mismatches.append("N \(n), P \(p), keep \(keep), T \(tasks)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 300 differ from LotteryAccounting, e.g. \(mismatches.prefix(3))")
    }
}
