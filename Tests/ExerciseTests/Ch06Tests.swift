// Chapter 6 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's ContinualLoop library is the oracle where it is public (AccuracyMatrix,
// reservoirSample, L2PPool.select / topN / majority), on hand-made and seeded random inputs.
// ElasticPenalty cannot be built outside its module, so 6.2 is checked by hand-computed cases,
// central differences and a sum that a Float accumulator gets wrong.

import ContinualLoop
import Foundation
import T5
import Tensors
import Testing
#if LPT_SOLUTIONS
import Solutions06
#else
import Exercises06
#endif

@Suite struct Ch06Tests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test("6.1 from an accuracy matrix to Average, BWT and both FWTs")
    func ex6_1_transferMetrics() throws {
        // By hand: three tasks, lower-triangular as the kit records it (nil above the diagonal).
        let after: [[Double?]] = [[60, nil, nil], [50, 70, nil], [40, 65, 80]]
        let before: [Double?] = [nil, 12, 20], reference: [Double] = [62, 75, 78], initial: [Double] = [2, 4, 6]
        let full = try continualMetrics(after: after, beforeLearning: before, reference: reference, initial: initial)
        #expect(Self.close(full.average, 185.0 / 3))                   // (40 + 65 + 80) / 3
        #expect(Self.close(full.backwardTransfer, -12.5))              // ((40 − 60) + (65 − 70)) / 2
        #expect(Self.close(full.forwardTransferPaper, -5.0 / 3))       // ((60 − 62) + (70 − 75) + (80 − 78)) / 3
        #expect(Self.close(full.forwardTransferGEM, 11))               // ((12 − 4) + (20 − 6)) / 2
        // A partial run (two rows): only learned tasks count, though task 3's a_{2,3} was measured.
        let partial = try continualMetrics(after: Array(after.prefix(2)), beforeLearning: before, reference: reference, initial: initial)
        #expect(Self.close(partial.average, 60) && Self.close(partial.backwardTransfer, -10))
        #expect(Self.close(partial.forwardTransferPaper, -3.5) && Self.close(partial.forwardTransferGEM, 8))
        // One row: no BWT and no GEM FWT; no rows: all 0.
        let one = try continualMetrics(after: [[55, nil, nil]], beforeLearning: before, reference: reference, initial: initial)
        #expect(one.average == 55 && one.backwardTransfer == 0 && one.forwardTransferPaper == -7 && one.forwardTransferGEM == 0)
        let none = try continualMetrics(after: [], beforeLearning: [nil, nil, nil], reference: reference, initial: initial)
        #expect(none.average == 0 && none.backwardTransfer == 0 && none.forwardTransferPaper == 0 && none.forwardTransferGEM == 0)

        // Against AccuracyMatrix on seeded random runs: partial ones, unmeasured entries, and
        // beforeLearning independent of the row above (so reading after[i − 1][i] shows).
        var rng = SeededGenerator(seed: 61)
        func f1(_ missing: Float) -> Double? { rng.nextUniform() < missing ? nil : (rng.nextUniformDouble() * 100).rounded() / 4 }
        var mismatches: [String] = []
        for trial in 0..<300 {
            let T = 1 + rng.nextInt(below: 8), learned = rng.nextInt(below: T + 1)
            let missing: Float = trial % 3 == 0 ? 0.3 : 0
            var matrix = AccuracyMatrix(tasks: (0..<T).map { "t\($0)" })
            matrix.after = (0..<learned).map { t in (0..<T).map { i in i <= t ? f1(missing) : nil } }
            matrix.beforeLearning = (0..<T).map { i in i == 0 ? nil : f1(missing) }
            let reference = (0..<T).map { _ in rng.nextUniformDouble() * 100 }, initial = (0..<T).map { _ in rng.nextUniformDouble() * 10 }
            let mine = try continualMetrics(after: matrix.after, beforeLearning: matrix.beforeLearning,
                                            reference: reference, initial: initial)
            if !Self.close(mine.average, matrix.average) || !Self.close(mine.backwardTransfer, matrix.backwardTransfer)
                || !Self.close(mine.forwardTransferPaper, matrix.forwardTransferPaper(reference: reference))
                || !Self.close(mine.forwardTransferGEM, matrix.forwardTransferGEM(initial: initial)) {
                mismatches.append("T \(T), learned \(learned), trial \(trial)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 300 differ from AccuracyMatrix, e.g. \(mismatches.prefix(3))")
    }

    @Test("6.2 the EWC penalty and its gradient")
    func ex6_2_ewcPenalty() throws {
        // By hand (the stub's example), and the two ways to switch the penalty off.
        let (theta, anchor, fisher): ([Float], [Float], [Float]) = ([1, 2, 3], [0, 2, 5], [2, 10, 0.5])
        #expect(try ewcPenalty(theta: theta, anchor: anchor, fisher: fisher, lambda: 4) == 8)
        #expect(try ewcGradient(theta: theta, anchor: anchor, fisher: fisher, lambda: 4) == [8, 0, -4])
        #expect(try ewcPenalty(theta: theta, anchor: anchor, fisher: fisher, lambda: 0) == 0)
        #expect(try ewcGradient(theta: theta, anchor: anchor, fisher: [0, 0, 0], lambda: 4) == [0, 0, 0])
        #expect(try ewcPenalty(theta: theta, anchor: theta, fisher: fisher, lambda: 4) == 0)

        // Accumulated in Double: one term of 10⁸ and 100,000 terms of 1, λ 2. A Float running sum
        // stays at 10⁸ (its spacing there is 8), which is off by 0.1%; the Double sum is exact.
        let count = 100_001
        let big = [Float(10_000)] + [Float](repeating: 1, count: count - 1)
        let zeros = [Float](repeating: 0, count: count), ones = [Float](repeating: 1, count: count)
        #expect(try ewcPenalty(theta: big, anchor: zeros, fisher: ones, lambda: 2) == 100_100_000)

        // Random weights: the gradient is λ·F·Δ entry by entry and matches central differences of
        // the value (exact up to rounding, the penalty being quadratic).
        var rng = SeededGenerator(seed: 62)
        for (n, lambda) in [(7, Float(0.5)), (50, 3.7), (200, 1_000)] {
            let theta = (0..<n).map { _ in Float(rng.nextNormal()) }
            let anchor = (0..<n).map { _ in Float(rng.nextNormal()) }
            let fisher = (0..<n).map { _ in rng.nextUniform() * 0.1 }   // a Fisher diagonal is ≥ 0
            let gradient = try ewcGradient(theta: theta, anchor: anchor, fisher: fisher, lambda: lambda)
            let expected = (0..<n).map { lambda * fisher[$0] * (theta[$0] - anchor[$0]) }
            #expect(Self.close(gradient, expected, 1e-6), "n \(n): not λ·F·(θ − θ*)")
            var worst = 0.0
            for j in 0..<n {
                var (up, down) = (theta, theta)
                up[j] += 1e-2
                down[j] -= 1e-2
                let difference = try ewcPenalty(theta: up, anchor: anchor, fisher: fisher, lambda: lambda)
                    - ewcPenalty(theta: down, anchor: anchor, fisher: fisher, lambda: lambda)
                let numeric = difference / (Double(up[j]) - Double(down[j]))
                worst = max(worst, abs(numeric - Double(gradient[j])) / max(1, abs(Double(gradient[j]))))
            }
            #expect(worst < 1e-3, "n \(n), λ \(lambda): gradient vs central differences, max relative error \(worst)")
        }
    }

    @Test("6.3 reservoir sampling for the replay memory")
    func ex6_3_reservoirSample() throws {
        // Count, distinct, from the input, not just the first ones, and the library's exact draws.
        var rng = SeededGenerator(seed: 4), library = SeededGenerator(seed: 4)
        let kept = try sampleReservoir(Array(0..<1000), count: 50, rng: &rng)
        #expect(kept.count == 50 && Set(kept).count == 50 && kept.allSatisfy { (0..<1000).contains($0) })
        #expect(kept.filter { $0 >= 50 }.count > 30, "mostly the first items: \(kept.prefix(10))")
        #expect(kept == reservoirSample(Array(0..<1000), count: 50, rng: &library))

        // n == k and n < k: everything, in order, and no number drawn; k == 0: nothing.
        var fresh = SeededGenerator(seed: 5), untouched = SeededGenerator(seed: 5)
        #expect(try sampleReservoir(["a", "b", "c", "d", "e", "f", "g"], count: 7, rng: &fresh) == ["a", "b", "c", "d", "e", "f", "g"])
        #expect(try sampleReservoir([3, 1, 2], count: 5, rng: &fresh) == [3, 1, 2])
        #expect(fresh.next() == untouched.next(), "drew numbers though every item is kept")
        #expect(try sampleReservoir(Array(0..<10), count: 0, rng: &fresh) == [])

        // Fair: 20 items, keep 5, 4,000 seeds. Each item should be kept 1,000 times (σ ≈ 27);
        // ±150 is generous and, the seeds being fixed, deterministic.
        var counts = [Int](repeating: 0, count: 20)
        for seed in 0..<4_000 {
            var generator = SeededGenerator(seed: UInt64(seed))
            let sample = try sampleReservoir(Array(0..<20), count: 5, rng: &generator)
            #expect(sample.count == 5 && Set(sample).count == 5)
            for item in sample { counts[item] += 1 }
        }
        #expect(counts.allSatisfy { $0 > 0 }, "some items are never kept: \(counts)")
        #expect(counts.allSatisfy { abs($0 - 1_000) <= 150 }, "inclusion counts out of 4,000 seeds, expected ≈ 1,000 each: \(counts)")

        // Against the kit's reservoirSample on random sizes and seeds.
        var sizes = SeededGenerator(seed: 63)
        var mismatches: [String] = []
        for trial in 0..<200 {
            let n = sizes.nextInt(below: 300), k = sizes.nextInt(below: 40)
            var (mine, theirs) = (SeededGenerator(seed: UInt64(1_000 + trial)), SeededGenerator(seed: UInt64(1_000 + trial)))
            if try sampleReservoir(Array(0..<n), count: k, rng: &mine) != reservoirSample(Array(0..<n), count: k, rng: &theirs) {
                mismatches.append("n \(n), k \(k), seed \(1_000 + trial)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 200 differ from reservoirSample, e.g. \(mismatches.prefix(3))")
    }

    @Test("6.4 L2P's key-query selection")
    func ex6_4_keyQuerySelection() throws {
        // By hand: cosine ignores length, a zero key gives 0 (not NaN); ties go to the lower index.
        #expect(Self.close(try cosineSimilarities(query: [3, 4], keys: [[6, 8], [4, -3], [-3, -4], [0, 0], [3, 4]]),
                           [1, 0, -1, 0, 1], 1e-6))
        #expect(try topNIndices([0.5, 0.9, 0.9, 0.1], n: 3) == [1, 2, 0])
        #expect(try topNIndices([0.5, 0.9, 0.9, 0.1], n: 1) == [1])
        #expect(try topNIndices([0, 0, 0, 0], n: 3) == [0, 1, 2])
        #expect(try topNIndices([-0.2, 0.3, -0.1], n: 2) == [1, 2])
        // Votes: 3 → 4; 2, 4 → 3; 1, 5 → 2 (tie: 1); 0, 6 → 1.
        #expect(try majorityVote([[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]], poolSize: 10, n: 4) == [1, 2, 3, 4])
        #expect(try majorityVote([[9, 8, 7, 6]], poolSize: 10, n: 4) == [6, 7, 8, 9])
        #expect(try majorityVote([], poolSize: 5, n: 2) == [0, 1])

        // Against L2PPool.select on constructed keys (a tiny model, small for test speed: d 32).
        let model = T5Model(config: T5Config.testSize(vocabularySize: 20), seed: 3)
        let pool = L2PPool(model: model, poolSize: 10, promptLength: 1, topN: 4)
        let d = pool.keys.shape[1]
        func axis(_ j: Int, scale: Float = 1) -> [Float] { (0..<d).map { $0 == j ? scale : 0 } }
        func select(_ query: [Float], _ keys: [[Float]]) throws -> [Int] {
            try topNIndices(cosineSimilarities(query: query, keys: keys), n: pool.topN).sorted()
        }
        // Key j points along axis j with length j + 1; keys 7 and 8 are equal.
        var keys = (0..<pool.poolSize).map { axis($0, scale: Float($0 + 1)) }
        keys[8] = keys[7]
        pool.keys.data = keys.flatMap { $0 }
        // Mostly axis 2, then 5, then 6, then 7 (= key 8): the fourth place ties, the lower index wins.
        let strong = (0..<d).map { i in [axis(2, scale: 3), axis(5, scale: 2), axis(6, scale: 1.5), axis(7)].reduce(Float(0)) { $0 + $1[i] } }
        #expect(try select(strong, keys) == [2, 5, 6, 7] && pool.select(query: strong) == [2, 5, 6, 7])
        // Only 2 and 5 have a positive cosine; the zeros tie and go to the lowest indices.
        let weak = zip(axis(2, scale: 3), axis(5)).map { $0 + $1 }
        #expect(try select(weak, keys) == [0, 1, 2, 5] && pool.select(query: weak) == [0, 1, 2, 5])

        // Random keys and queries: cosines by formula, sets as L2PPool.select, votes as L2PPool.majority.
        var rng = SeededGenerator(seed: 64)
        var mismatches: [String] = []
        for trial in 0..<100 {
            keys = (0..<pool.poolSize).map { _ in (0..<d).map { _ in rng.nextUniform() * 2 - 1 } }
            pool.keys.data = keys.flatMap { $0 }
            let queries = (0..<8).map { _ in (0..<d).map { _ in Float(rng.nextNormal()) } }
            var own: [[Int]] = []
            for query in queries {
                let cosines = try cosineSimilarities(query: query, keys: keys)
                let norm = { (v: [Float]) in v.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot() }
                let expected = keys.map { key in zip(query, key).reduce(Float(0)) { $0 + $1.0 * $1.1 } / (norm(query) * norm(key)) }
                if !Self.close(cosines, expected, 1e-5) { mismatches.append("cosines, trial \(trial)") }
                let set = try select(query, keys)
                if set != pool.select(query: query) { mismatches.append("select, trial \(trial)") }
                own.append(set)
            }
            if try majorityVote(own, poolSize: pool.poolSize, n: pool.topN) != L2PPool.majority(own, poolSize: pool.poolSize, n: pool.topN) {
                mismatches.append("majority, trial \(trial)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches with L2PPool, e.g. \(mismatches.prefix(3))")
    }
}
