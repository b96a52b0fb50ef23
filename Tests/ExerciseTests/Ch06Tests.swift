// Chapter 6 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's ContinualLoop library is the oracle where it is public (AccuracyMatrix.backwardTransfer,
// reservoirSample, L2PPool.select / topN / majority), on hand-made and seeded random inputs.
// ElasticPenalty cannot be built outside its module: 6.2 reaches it as the saved state an EWC
// learner loads, besides hand-computed cases and the identity at random weights.

import ContinualLoop
import Foundation
import SEL
import SoftPrompts
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

    @Test("6.1 forgetting, from the best score each task ever had")
    func ex6_1_forgetting() throws {
        // By hand (the stub's example): forgetting 1 where BWT reports a gain of 5.
        let after: [[Double?]] = [[60, nil, nil], [72, 50, nil], [55, 65, 80]]
        let f = try forgetting(after: after)
        #expect(f.perTask == [17, -15] && Self.close(f.average, 1), "\(f)")
        var matrix = AccuracyMatrix(tasks: ["a", "b", "c"])
        matrix.after = after
        #expect(Self.close(matrix.backwardTransfer, 5))
        // A partial run (two rows of three tasks): one term, and it can be negative.
        let partial = try forgetting(after: [[60, nil, nil], [72, 50, nil]])
        #expect(partial.perTask == [-12] && partial.average == -12, "\(partial)")
        // No rows, one row: nothing to forget.
        let none = try forgetting(after: [])
        #expect(none.perTask.isEmpty && none.average == 0)
        let one = try forgetting(after: [[55, nil]])
        #expect(one.perTask.isEmpty && one.average == 0)
        // Missing entries: a final nil skips its task; a score above the diagonal (90: the second
        // task before it was learned) never counts; the best is taken over rows 1 and 2 (30).
        let gaps = try forgetting(after: [[nil, 90, nil, nil], [40, 30, nil, nil], [35, 20, 50, nil], [nil, 25, 45, 70]])
        #expect(gaps.perTask == [nil, 5, 5] && gaps.average == 5, "\(gaps)")
        // A missing diagonal leaves the later rows; with no earlier score at all the term is nil.
        let noDiagonal = try forgetting(after: [[nil, nil, nil], [48, 60, nil], [40, 61, 70]])
        #expect(noDiagonal.perTask == [8, -1] && Self.close(noDiagonal.average, 3.5), "\(noDiagonal)")
        let unseen = try forgetting(after: [[nil, nil], [70, 80]])
        #expect(unseen.perTask == [nil] && unseen.average == 0, "\(unseen)")

        // Against AccuracyMatrix on seeded random runs (partial ones included, the kit's layout: nil
        // above the diagonal). When no task ever rises above its just-learned score, forgetting is
        // exactly −BWT; otherwise each term is the best earlier score minus the final one, and the
        // average is at least −BWT.
        var rng = SeededGenerator(seed: 61)
        var mismatches: [String] = []
        for trial in 0..<300 {
            let tasks = 1 + rng.nextInt(below: 8), learned = rng.nextInt(below: tasks + 1)
            let monotone = trial % 2 == 0
            var rows: [[Double?]] = []
            for t in 0..<learned {
                let previous = rows.last
                rows.append((0..<tasks).map { i -> Double? in
                    guard i <= t else { return nil }
                    let score = (rng.nextUniformDouble() * 400).rounded() / 4
                    if monotone, i < t, let before = previous?[i] { return min(before, score) }
                    return score
                })
            }
            var matrix = AccuracyMatrix(tasks: (0..<tasks).map { "t\($0)" })
            matrix.after = rows
            let mine = try forgetting(after: rows)
            let expected: [Double?] = (0..<max(0, learned - 1)).map { i in
                (i..<(learned - 1)).map { rows[$0][i]! }.max()! - rows[learned - 1][i]!
            }
            let agrees = monotone ? Self.close(mine.average, -matrix.backwardTransfer) : mine.average >= -matrix.backwardTransfer - 1e-9
            if mine.perTask != expected || !agrees {
                mismatches.append("tasks \(tasks), learned \(learned), trial \(trial)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 300 disagree, e.g. \(mismatches.prefix(3))")
    }

    /// Σ_j F_j·(θ_j − a_j)², in Double.
    static func quadratic(_ theta: [Float], _ fisher: [Float], _ anchor: [Float]) -> Double {
        theta.indices.reduce(0.0) { sum, j in
            let d = Double(theta[j]) - Double(anchor[j])
            return sum + Double(fisher[j]) * d * d
        }
    }

    /// The kit's `ElasticPenalty` (value and gradient) at the model's saved weights, built the only
    /// way it can be from outside its module: as the state a `SequentialFineTuning` EWC learner loads.
    static func kitPenalty(_ learner: SequentialFineTuning, folder: URL, task: TaskData,
                           fisher: [[Float]], anchor: [[Float]], lambda: Float) throws -> (value: Double, gradient: [[Float]]) {
        var tensors = ["lambda": StoredTensor(floats: [lambda], shape: [1])]
        for (k, p) in learner.model.parameters.enumerated() {
            tensors["fisher.\(k)"] = StoredTensor(floats: fisher[k], shape: p.shape)
            tensors["anchor.\(k)"] = StoredTensor(floats: anchor[k], shape: p.shape)
        }
        try Safetensors.write(tensors, to: folder.appendingPathComponent("ewc.safetensors"))
        try learner.load(from: folder)
        let whole = try #require(try learner.begin(task).tunable as? WholeModelTuning)
        for p in learner.model.parameters { p.grad = [Float](repeating: 0, count: p.count) }
        whole.addPenaltyGradient()
        defer { for p in learner.model.parameters { p.grad = nil } }
        return (whole.penaltyValue, learner.model.parameters.map { $0.grad ?? [] })
    }

    @Test("6.2 one EWC penalty for many tasks")
    func ex6_2_mergePenalties() throws {
        // By hand (the stub's example): θ² + 3(θ − 4)² = 4(θ − 3)² + 12.
        let merged = try mergePenalties(fishers: [[1], [3]], anchors: [[0], [4]], lambda: 2)
        #expect(merged.fisher == [4] && merged.anchor == [3] && Self.close(merged.constant, 12), "\(merged)")
        // One task: itself, constant 0. A weight no task cares about: Fisher 0, the last anchor.
        let single = try mergePenalties(fishers: [[0.5, 2]], anchors: [[1, -3]], lambda: 7)
        #expect(single.fisher == [0.5, 2] && single.anchor == [1, -3] && single.constant == 0, "\(single)")
        let free = try mergePenalties(fishers: [[0, 1], [0, 1]], anchors: [[5, 1], [7, 3]], lambda: 2)
        #expect(free.fisher == [0, 2] && free.anchor == [7, 2] && Self.close(free.constant, 2), "\(free)")
        // Anchors that agree cost nothing; anchors near 4096 half a unit apart need Double.
        let agree = try mergePenalties(fishers: [[1, 2], [3, 4]], anchors: [[0.5, -1], [0.5, -1]], lambda: 3)
        #expect(agree.anchor == [0.5, -1] && agree.constant == 0, "\(agree)")
        let far = try mergePenalties(fishers: [[1], [1]], anchors: [[4096], [4096.5]], lambda: 2)
        #expect(far.anchor == [4096.25] && abs(far.constant - 0.125) < 1e-9, "\(far)")

        // Random tasks: the merged penalty plus the constant equals the sum of the per-task penalties
        // at any θ, and the constant is that sum at the merged anchor (its minimum).
        var rng = SeededGenerator(seed: 62)
        for (tasks, n, lambda) in [(2, 7, Float(0.5)), (3, 50, 3.7), (5, 200, 100)] {
            let fishers = (0..<tasks).map { _ in (0..<n).map { j in j % 7 == 0 ? 0 : rng.nextUniform() * 0.1 } }
            let anchors = (0..<tasks).map { _ in (0..<n).map { _ in Float(rng.nextNormal()) } }
            let m = try mergePenalties(fishers: fishers, anchors: anchors, lambda: lambda)
            #expect(m.fisher.count == n && m.anchor.count == n && m.constant >= 0)
            func sum(_ theta: [Float]) -> Double {
                Double(lambda) / 2 * zip(fishers, anchors).reduce(0.0) { $0 + Self.quadratic(theta, $1.0, $1.1) }
            }
            for _ in 0..<5 {
                let theta = (0..<n).map { _ in Float(rng.nextNormal() * 2) }
                let total = sum(theta), mine = Double(lambda) / 2 * Self.quadratic(theta, m.fisher, m.anchor) + m.constant
                #expect(abs(total - mine) <= 1e-5 * max(1, total), "\(tasks) tasks, n \(n): \(mine) against \(total)")
            }
            #expect(abs(sum(m.anchor) - m.constant) <= 1e-5 * max(1, m.constant), "the constant is the sum's minimum")
        }

        // Against the kit's ElasticPenalty on a tiny model, at two sets of weights: the merged
        // penalty plus the constant has the value of the per-task penalties' sum, and its gradient
        // λ·F·(θ − θ*) is their gradients' sum.
        let model = T5Model(config: T5Config.testSize(vocabularySize: 20), seed: 3)
        var options = BenchmarkOptions()
        (options.trainSize, options.devSize, options.testSize) = (4, 2, 2)
        let task = Benchmark.generate(try #require(Benchmark.task("14lap")), options: options)
        let learner = SequentialFineTuning(method: .ewc, model: model, vocabulary: Vocabulary(corpus: ["a b"]),
                                           tuning: PromptTuningOptions())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-ex6_2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("model"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = model.parameters.map(\.data)
        let fishers = (0..<3).map { _ in weights.map { w in w.map { _ in rng.nextUniform() * 0.01 } } }
        let anchors = (0..<3).map { _ in weights.map { w in w.map { $0 + Float(rng.nextNormal()) * 0.1 } } }
        let lambda: Float = 100
        var perTensor: [(fisher: [Float], anchor: [Float], constant: Double)] = []
        for k in weights.indices {
            perTensor.append(try mergePenalties(fishers: fishers.map { $0[k] }, anchors: anchors.map { $0[k] }, lambda: lambda))
        }
        for shift in [Float(0), 0.05] {
            for (p, w) in zip(model.parameters, weights) { p.data = w.map { $0 + shift } }
            try model.save(to: folder.appendingPathComponent("model"))
            let perTask = try (0..<3).map { t in
                try Self.kitPenalty(learner, folder: folder, task: task, fisher: fishers[t], anchor: anchors[t], lambda: lambda)
            }
            let one = try Self.kitPenalty(learner, folder: folder, task: task, fisher: perTensor.map(\.fisher),
                                          anchor: perTensor.map(\.anchor), lambda: lambda)
            let total = perTask.reduce(0) { $0 + $1.value }, mine = one.value + perTensor.reduce(0) { $0 + $1.constant }
            #expect(abs(total - mine) <= 1e-5 * total, "shift \(shift): \(mine) against the kit's \(total)")
            var worst: Float = 0
            for k in weights.indices {
                for j in weights[k].indices {
                    let expected = perTask.reduce(Float(0)) { $0 + $1.gradient[k][j] }
                    worst = max(worst, abs(one.gradient[k][j] - expected) / max(1, abs(expected)))
                }
            }
            #expect(worst < 1e-4, "shift \(shift): gradient differs from the per-task sum by up to \(worst)")
        }
    }

    /// Round-robin shares, computed another way: the largest number of full rounds that fits, then
    /// one more slot each to the earliest tasks that still have something to give.
    static func shares(caps: [Int], budget: Int) -> [Int] {
        let used = { (level: Int) in caps.reduce(0) { $0 + min($1, level) } }
        var level = 0
        while level < (caps.max() ?? 0), used(level + 1) <= budget { level += 1 }
        var left = budget - used(level)
        return caps.map { cap in
            guard cap > level, left > 0 else { return min(cap, level) }
            left -= 1
            return level + 1
        }
    }

    @Test("6.3 a replay memory with a fixed budget")
    func ex6_3_balancedMemory() throws {
        // Shares (the stub's examples): dealt in learning order, capped by what each task has.
        var rng = SeededGenerator(seed: 4)
        let a = Array(0..<5), b = Array(10..<15), c = Array(100..<120)
        let three = try rebalanceMemory([a, b], adding: c, budget: 10, rng: &rng)
        #expect(three.map(\.count) == [4, 3, 3], "\(three.map(\.count))")
        #expect(Set(three[0]).isSubset(of: a) && Set(three[1]).isSubset(of: b) && Set(three[2]).isSubset(of: c))
        #expect(three.allSatisfy { Set($0).count == $0.count }, "an example kept twice")
        #expect(try rebalanceMemory([a, b], adding: [200, 201], budget: 10, rng: &rng).map(\.count) == [4, 4, 2])
        // An old task cannot grow back beyond what it holds; a small budget leaves the last tasks empty.
        #expect(try rebalanceMemory([[1, 2]], adding: Array(3..<20), budget: 10, rng: &rng).map(\.count) == [2, 8])
        #expect(try rebalanceMemory([[1, 2], [3, 4]], adding: [5, 6], budget: 2, rng: &rng).map(\.count) == [1, 1, 0])
        #expect(try rebalanceMemory([[1, 2], [3, 4]], adding: [5, 6], budget: 0, rng: &rng).map(\.count) == [0, 0, 0])
        // The first task is a plain reservoir sample; when everything fits, nothing moves and no
        // number is drawn.
        var (mine, kit) = (SeededGenerator(seed: 5), SeededGenerator(seed: 5))
        #expect(try rebalanceMemory([], adding: Array(0..<100), budget: 30, rng: &mine) == [reservoirSample(Array(0..<100), count: 30, rng: &kit)])
        #expect(try rebalanceMemory([[7, 8], [9]], adding: [1, 2, 3], budget: 10, rng: &mine) == [[7, 8], [9], [1, 2, 3]])
        #expect(mine.next() == kit.next(), "drew numbers though every example fits")

        // Fair: three tasks of 20 through a budget of 10 (10, then 5 + 5, then 4 + 3 + 3), 4,000
        // seeds. The first task's examples should each be kept 800 times, the second's 600 (σ ≈ 25
        // and 22); keeping the first share of what a task holds would favour the early slots.
        var first = [Int](repeating: 0, count: 20), second = [Int](repeating: 0, count: 20)
        for seed in 0..<4_000 {
            var generator = SeededGenerator(seed: UInt64(seed))
            var memory: [[Int]] = []
            for t in 0..<3 { memory = try rebalanceMemory(memory, adding: Array((100 * t)..<(100 * t + 20)), budget: 10, rng: &generator) }
            for item in memory[0] { first[item] += 1 }
            for item in memory[1] { second[item - 100] += 1 }
        }
        #expect(first.allSatisfy { abs($0 - 800) <= 120 }, "first task, kept out of 4,000 seeds, expected ≈ 800 each: \(first)")
        #expect(second.allSatisfy { abs($0 - 600) <= 110 }, "second task, expected ≈ 600 each: \(second)")

        // Streams of random tasks and budgets: shares as dealt, and exactly the kit's
        // reservoirSample draws, old tasks first, then the new one.
        var sizes = SeededGenerator(seed: 63)
        var mismatches: [String] = []
        for trial in 0..<150 {
            let budget = sizes.nextInt(below: 80)
            var (mine, kit) = (SeededGenerator(seed: UInt64(1_000 + trial)), SeededGenerator(seed: UInt64(1_000 + trial)))
            var memory: [[Int]] = []
            for t in 0..<(1 + sizes.nextInt(below: 6)) {
                let task = Array((1_000 * t)..<(1_000 * t + sizes.nextInt(below: 60)))
                let sources = memory + [task]
                let quota = Self.shares(caps: sources.map(\.count), budget: budget)
                let expected = sources.indices.map { reservoirSample(sources[$0], count: quota[$0], rng: &kit) }
                memory = try rebalanceMemory(memory, adding: task, budget: budget, rng: &mine)
                if memory != expected {
                    mismatches.append("trial \(trial), task \(t): \(memory.map(\.count)) against \(quota)")
                    break
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 150 streams differ, e.g. \(mismatches.prefix(3))")
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
