// L2P on a tiny random T5: top-N by cosine and the batch majority on constructed keys, the pull
// term's gradient by central differences, training that lowers the loss with a bit-identical
// backbone, a save/load round trip, and damaged state named by file.

import ContinualLoop
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

@Suite struct L2PTests {
    /// A tiny model (d 32, 1 + 1 layers) over the benchmark vocabulary and a tiny ABSA task
    /// (16 train, 4 dev, 4 test): small for test speed.
    static func setup(seed: UInt64 = 7) -> (L2PLearner, TaskData) {
        let vocabulary = Benchmark.vocabulary()
        var options = BenchmarkOptions()
        (options.trainSize, options.devSize, options.testSize) = (16, 4, 4)
        let data = Benchmark.generate(Benchmark.task("14lap")!, options: options)
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        var tuning = PromptTuningOptions()
        (tuning.epochs, tuning.batchSize, tuning.devLimit, tuning.constrained) = (1, 8, 4, false)
        return (L2PLearner(model: model, vocabulary: vocabulary, tuning: tuning, seed: seed), data)
    }

    static func folder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lpt-l2p-\(name)-\(UUID().uuidString)")
    }

    /// Unit vector j of width d, scaled (cosine ignores the scale).
    static func axis(_ j: Int, _ d: Int, scale: Float = 1) -> [Float] {
        (0..<d).map { $0 == j ? scale : 0 }
    }

    @Test("top-N by cosine picks the known entries; equal similarities go to the lower index")
    func topNSelection() {
        let (learner, _) = L2PTests.setup()
        let pool = learner.pool, d = pool.keys.shape[1]
        // Key j points along axis j (lengths differ: cosine must ignore them); keys 7 and 8 are equal.
        var keys = (0..<pool.poolSize).map { L2PTests.axis($0, d, scale: Float($0 + 1)) }
        keys[8] = keys[7]
        pool.keys.data = keys.flatMap { $0 }
        // Query: mostly axis 2, then 5, then 6, then 7 (= key 8): the 4th place ties, the lower index wins.
        let parts = [L2PTests.axis(2, d, scale: 3), L2PTests.axis(5, d, scale: 2), L2PTests.axis(6, d, scale: 1.5), L2PTests.axis(7, d)]
        let query = (0..<d).map { i in parts.reduce(Float(0)) { $0 + $1[i] } }
        #expect(pool.select(query: query) == [2, 5, 6, 7])
        #expect(L2PPool.topN([0.5, 0.9, 0.9, 0.1], n: 2) == [1, 2])
        #expect(L2PPool.topN([0.5, 0.9, 0.9, 0.1], n: 1) == [1])
        #expect(L2PPool.topN([0, 0, 0, 0], n: 3) == [0, 1, 2])
        #expect(L2PPool.topN([-0.2, 0.3, -0.1], n: 2) == [1, 2])
        // Only 2 and 5 have positive cosine; the zeros tie and go to the lowest indices, 0.
        let weaker = zip(L2PTests.axis(2, d, scale: 3), L2PTests.axis(5, d)).map { $0 + $1 }
        #expect(pool.select(query: weaker) == [0, 1, 2, 5])
    }

    @Test("diversified selection: entries earlier tasks used are penalised in training only, never on the first task")
    func diversifiedSelection() throws {
        let (learner, data) = L2PTests.setup()
        let pool = learner.pool, d = pool.keys.shape[1]
        pool.keys.data = (0..<pool.poolSize).flatMap { L2PTests.axis($0, d) }
        let parts = [L2PTests.axis(2, d, scale: 3), L2PTests.axis(5, d, scale: 2), L2PTests.axis(6, d, scale: 1.5), L2PTests.axis(7, d)]
        let query = (0..<d).map { i in parts.reduce(Float(0)) { $0 + $1[i] } }
        // Earlier tasks used 2 and 5 (three times as often as 6): unused entries score 0 and come first,
        // the more similar first (7, then the zero-cosine 0, 1, ...); a used one only when needed.
        var usage = [Float](repeating: 0, count: pool.poolSize)
        (usage[2], usage[5], usage[6]) = (0.375, 0.375, 0.25)
        #expect(pool.select(query: query, usage: usage) == [0, 1, 3, 7])
        #expect(pool.select(query: query) == [2, 5, 6, 7])
        // Penalised distance decides among used entries: (1 − cos) × share.
        usage = [Float](repeating: 0.1, count: pool.poolSize)
        #expect(pool.select(query: query, usage: usage) == [2, 5, 6, 7])

        // In a stream: no penalty on the first task; the second task's batches avoid its entries.
        pool.diversify = true
        let (tunable, task) = try learner.begin(data)
        let tuner = try PromptTuner(model: learner.model, vocabulary: learner.vocabulary, prompt: tunable,
                                    task: task, options: learner.tuning)
        let batch = tuner.batches(epoch: 0)[0]
        let first = pool.selection(for: batch)
        #expect(pool.earlierUsage() == nil)
        _ = pool.promptInputs(for: batch)
        _ = try learner.begin(Benchmark.generate(Benchmark.task("14res")!, options: {
            var o = BenchmarkOptions(); (o.trainSize, o.devSize, o.testSize) = (16, 4, 4); return o }()))
        let second = pool.selection(for: batch)
        #expect(Set(first).isDisjoint(with: second), "first \(first), second \(second)")
        // Test-time selection ignores the usage.
        #expect(learner.selections(data.test, schemas: data.spec.schemas).allSatisfy { $0.count == 4 })
    }

    @Test("the batch-wise majority takes the most frequent entries, ties to the lower index")
    func majorityVote() throws {
        let selections = [[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]]
        // Counts: 3 → 4; 2, 4 → 3; 1, 5 → 2 (tie: 1); 0, 6 → 1.
        #expect(L2PPool.majority(selections, poolSize: 10, n: 4) == [1, 2, 3, 4])
        #expect(L2PPool.majority([[9, 8, 7, 6]], poolSize: 10, n: 4) == [6, 7, 8, 9])

        // On a real batch: the shared set is the majority of the examples' own sets.
        let (learner, data) = L2PTests.setup()
        let (tunable, task) = try learner.begin(data)
        let tuner = try PromptTuner(model: learner.model, vocabulary: learner.vocabulary, prompt: tunable,
                                    task: task, options: learner.tuning)
        let batch = tuner.batches(epoch: 0)[0]
        let own = learner.pool.queries(batch.inputIDs, attentionMask: batch.attentionMask).map { learner.pool.select(query: $0) }
        let shared = learner.pool.selection(for: batch)
        #expect(shared == L2PPool.majority(own, poolSize: 10, n: 4))
        #expect(learner.pool.promptInputs(for: batch).encoderPrefixes?[0].key.shape == [20, learner.model.config.innerDim])
        #expect(learner.selectionCounts == [L2PSelectionCount(task: data.spec.id,
            counts: (0..<10).map { shared.contains($0) ? batch.inputIDs.count : 0 })])
    }

    @Test("the pull term's gradient with respect to the keys matches central differences")
    func pullGradient() throws {
        let (learner, data) = L2PTests.setup()
        let (tunable, task) = try learner.begin(data)
        let tuner = try PromptTuner(model: learner.model, vocabulary: learner.vocabulary, prompt: tunable,
                                    task: task, options: learner.tuning)
        let pool = learner.pool, batch = tuner.batches(epoch: 0)[0]
        _ = pool.promptInputs(for: batch)   // fixes the batch's set, as in a training step
        let set = pool.selection(for: batch)
        let queries = pool.queries(batch.inputIDs, attentionMask: batch.attentionMask)
        // The value: −λ/B · Σ_b Σ_{j∈S} cos(q_b, k_j), by hand.
        let d = pool.keys.shape[1]
        func cosine(_ a: [Float], _ b: [Float]) -> Float {
            let dot = zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            return dot / (a.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot() * b.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot())
        }
        let expected = -0.1 / Float(queries.count) * queries.reduce(Float(0)) { sum, q in
            sum + set.reduce(Float(0)) { $0 + cosine(q, Array(pool.keys.data[($1 * d)..<(($1 + 1) * d)])) }
        }
        let value = try #require(pool.extraLoss(for: batch)).item
        #expect(abs(value - expected) < 1e-5)
        let check = GradientCheck.check([pool.keys], epsilon: 1e-3) { pool.extraLoss(for: batch)! }
        #expect(check.passes(), "max relative error \(check.maxRelativeError)")
        #expect(check.maxAnalytic > 0)
        // Keys outside the set get no gradient from the pull.
        pool.keys.grad = nil
        pool.extraLoss(for: batch)!.backward()
        let grad = try #require(pool.keys.grad)
        for j in 0..<pool.poolSize where !set.contains(j) { #expect(grad[(j * d)..<((j + 1) * d)].allSatisfy { $0 == 0 }) }
    }

    @Test("a few training steps lower the loss, move prompts and keys, and leave the backbone bit-identical")
    func trainingSteps() throws {
        let (learner, data) = L2PTests.setup()
        let before = learner.model.parameters.map(\.data)
        let (values, keys) = (learner.pool.values.data, learner.pool.keys.data)
        let (tunable, task) = try learner.begin(data)
        let tuner = try PromptTuner(model: learner.model, vocabulary: learner.vocabulary, prompt: tunable,
                                    task: task, options: learner.tuning)
        let batch = tuner.batches(epoch: 0)[0]
        let losses = try (0..<6).map { _ in try tuner.step(batch) }
        #expect(losses.last! < losses.first!, "losses \(losses)")
        #expect(learner.model.parameters.map(\.data) == before)
        #expect(learner.model.parameters.allSatisfy { $0.grad == nil })
        #expect(learner.pool.values.data != values)
        #expect(learner.pool.keys.data != keys)
        try learner.finish(data)
        #expect(learner.selectionCounts.map(\.task) == [data.spec.id])
        #expect(learner.selectionCounts[0].counts.reduce(0, +) == 6 * 4 * batch.inputIDs.count)
    }

    @Test("save then load into a differently seeded learner gives identical outputs and counts")
    func saveLoadRoundTrip() throws {
        let folder = L2PTests.folder("round-trip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (learner, data) = L2PTests.setup()
        let (tunable, task) = try learner.begin(data)
        let tuner = try PromptTuner(model: learner.model, vocabulary: learner.vocabulary, prompt: tunable,
                                    task: task, options: learner.tuning)
        for batch in tuner.batches(epoch: 0) { _ = try tuner.step(batch) }
        try learner.save(to: folder)

        let (other, _) = L2PTests.setup(seed: 99)
        #expect(other.pool.keys.data != learner.pool.keys.data)
        try other.load(from: folder)
        #expect(other.pool.values.data == learner.pool.values.data)
        #expect(other.pool.keys.data == learner.pool.keys.data)
        #expect(other.selectionCounts == learner.selectionCounts)
        let schemas = data.spec.schemas
        #expect(other.selections(data.test, schemas: schemas) == learner.selections(data.test, schemas: schemas))
        #expect(other.generate(data.test, schemas: schemas) == learner.generate(data.test, schemas: schemas))
        #expect(try other.evaluate(data, examples: data.test, learned: true) == learner.evaluate(data, examples: data.test, learned: true))
    }

    @Test("a damaged state file, a foreign manifest or a missing one is an error naming the file")
    func damagedState() throws {
        let folder = L2PTests.folder("damaged")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (learner, _) = L2PTests.setup()
        try learner.save(to: folder)
        let tensors = folder.appendingPathComponent("l2p-pool.safetensors")
        let bytes = try Data(contentsOf: tensors)
        try bytes.prefix(bytes.count / 2).write(to: tensors)
        #expect { try learner.load(from: folder) } throws: { error in
            guard case ContinualError.malformedState(let path, _) = error else { return false }
            return path == tensors.path
        }

        let manifest = folder.appendingPathComponent("l2p.json")
        let smaller = L2PLearner(model: learner.model, vocabulary: learner.vocabulary, tuning: learner.tuning, poolSize: 6)
        try smaller.save(to: folder)
        #expect { try learner.load(from: folder) } throws: { "\($0)".contains(manifest.path) }

        try Data("{".utf8).write(to: manifest)
        #expect { try learner.load(from: folder) } throws: { "\($0)".contains("l2p.json") }
        try FileManager.default.removeItem(at: manifest)
        #expect { try learner.load(from: folder) } throws: { "\($0)".contains("l2p.json") }
    }

    @Test("accounting: a task tunes one length-20 deep prompt's worth; the pool and keys are stored once")
    func accounting() {
        let (learner, _) = L2PTests.setup()
        let config = learner.model.config
        let twenty = PromptLayout(.deep, for: config, length: 20).parameterCount
        let entry = PromptLayout(.deep, for: config, length: 5).parameterCount
        for tasks in [1, 5] {
            #expect(learner.accounting(tasks: tasks) == MethodAccounting(tunedParameters: twenty,
                addedParameters: Double(10 * entry + 10 * config.dModel)))
        }
    }
}
