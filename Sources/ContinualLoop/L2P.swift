// L2P, "Learning to Prompt" (Wang et al., CVPR 2022), the paper's strongest baseline (chapter 6),
// scaled to the tiny kit. A pool of M short deep prompts, each with a learnable key in R^d. An
// input's query is a feature of the frozen model; the N keys most cosine-similar to it choose the
// prompts, joined into one deep prompt of length N·n (4 × 5 = 20, the size of every other prompt
// method here). A "pull" term −λ·Σ cos(query, selected keys) draws the chosen keys toward the
// queries that chose them. Pool and keys are shared by all tasks and keep training on each: L2P
// isolates nothing, it relies on different inputs choosing different prompts.
//
// Choices the paper leaves open or that differ from `JH-LEE-KR/l2p-pytorch`:
// - Query: T5 has no [CLS], so the query is the mean of the frozen encoder's output (no prompt)
//   over the non-padding positions of [schema prompt; sentence].
// - Training uses the batch-wise majority vote (the N entries most often in the examples' own
//   top-N, ties to the lower index) so one batch shares one prompt; test time selects per example.
// - A selected set is joined in ascending pool order. Prefix positions get no position bias and
//   no mask in the kit's attention (Layers.swift), so the order cannot change the output; a fixed
//   order makes a set one prompt, and test examples are grouped by set.
// - Init: prompts N(0, 0.02) as the kit's other prompts; keys uniform(−1, 1) as
//   l2p-pytorch's default `prompt_key_init`. One seeded generator draws prompts, then keys.
// - Rates: prompts at the kit's calibrated 0.1 (not l2p-pytorch's 0.03), taken from the tuning
//   options; keys in their own parameter group at the same rate (l2p-pytorch has one optimizer
//   for both), so a separate key rate would be a one-line change.
// - λ = 0.1 (l2p-pytorch's `pull_constraint_coeff`; google-research/l2p uses 1.0 on CIFAR-100).
// - Diversified selection (the L2P paper's optional remedy, off by default as in its main runs):
//   while a task trains, each entry's distance 1 − cos(q, k) is multiplied by the share of earlier
//   tasks' training examples that used it, so entries no earlier task used come first. Test-time
//   selection never uses the frequencies: it has no task identity.

import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

/// How often each pool entry was picked while training on one task: `counts[j]` is the number of
/// training examples whose batch used entry j (for a chapter figure of prompt sharing).
public struct L2PSelectionCount: Codable, Equatable, Sendable {
    public let task: String
    public var counts: [Int]
    public init(task: String, counts: [Int]) { (self.task, self.counts) = (task, counts) }
}

/// The prompt pool with its keys: what the prompt trainer tunes for L2P.
public final class L2PPool: TunablePrompt {
    public let model: T5Model
    /// One pool entry: a deep prompt of `promptLength`.
    public let entryLayout: PromptLayout
    /// What the model sees: `topN` entries joined along the prefix-length axis.
    public let layout: PromptLayout
    public let poolSize: Int, topN: Int
    public let pullWeight: Float
    /// Training selection penalised by how often earlier tasks used each entry (see the header).
    public var diversify = false
    /// [poolSize] + entryLayout.shape.
    public let values: Tensor
    /// [poolSize, d_model].
    public let keys: Tensor

    public init(model: T5Model, poolSize: Int = 10, promptLength: Int = 5, topN: Int = 4, pullWeight: Float = 0.1,
                seed: UInt64 = 7) {
        precondition(0 < topN && topN <= poolSize, "top-N (\(topN)) must be between 1 and the pool size (\(poolSize))")
        (self.model, self.poolSize, self.topN, self.pullWeight) = (model, poolSize, topN, pullWeight)
        entryLayout = PromptLayout(.deep, for: model.config, length: promptLength)
        layout = PromptLayout(.deep, for: model.config, length: topN * promptLength)
        var rng = SeededGenerator(seed: seed)
        values = Tensor.normal([poolSize] + entryLayout.shape, std: 0.02, rng: &rng, requiresGrad: true)
        keys = Tensor.uniform([poolSize, model.config.dModel], low: -1, high: 1, rng: &rng, requiresGrad: true)
        (values.name, keys.name) = ("prompt-pool", "prompt-keys")
    }

    public func parameterGroups(learningRate: Float) -> [ParameterGroup] {
        [ParameterGroup(name: "prompt-pool", tensors: [values], learningRate: learningRate),
         ParameterGroup(name: "prompt-keys", tensors: [keys], learningRate: learningRate)]
    }
    public func prepareGradients() {}
    public var state: [(name: String, tensor: Tensor)] { [("pool", values), ("keys", keys)] }

    /// The deep prompt of one selected set (pool indices, ascending), differentiable in the pool.
    public func promptInputs(_ set: [Int]) -> PromptInputs {
        precondition(set.count == topN && set.allSatisfy { (0..<poolSize).contains($0) }, "\(set) is not a set of \(topN) pool entries")
        let parts = set.map { values.slice(axis: 0, $0..<($0 + 1)).reshaped(entryLayout.shape) }
        return layout.inputs(Tensor.concat(parts, axis: 2))   // [layers, 2, N·n, width]
    }

    /// Training: the batch's majority set; it is also remembered for `extraLoss` of the same batch.
    public func promptInputs(for batch: T5Batch) -> PromptInputs {
        let set = selection(for: batch)
        if let current = tasks.indices.last {
            for j in set { tasks[current].counts[j] += batch.inputIDs.count }
            batchSets[set, default: 0] += 1
        }
        return promptInputs(set)
    }

    /// Without a batch (the tuner's default dev scoring) there is no query: the set chosen by most
    /// training batches of the current task, or the first N entries before any. `L2PLearner.evaluate`
    /// selects per example and is the faithful score.
    public func promptInputs() -> PromptInputs {
        let best = batchSets.max { a, b in a.value < b.value || (a.value == b.value && b.key.lexicographicallyPrecedes(a.key)) }
        return promptInputs(best?.key ?? Array(0..<topN))
    }

    /// The pull term −λ · (1/B) Σ_b Σ_{j∈S} cos(q_b, k_j) of the batch's set S: differentiable in
    /// the keys, the queries are constants.
    public func extraLoss(for batch: T5Batch) -> Tensor? {
        guard pullWeight != 0 else { return nil }
        if cache?.ids != batch.inputIDs { _ = selection(for: batch) }
        return pull(queries: cache!.queries, selected: cache!.set)
    }

    public func pull(queries: [[Float]], selected: [Int]) -> Tensor {
        let d = keys.shape[1]
        let q = Tensor(queries.flatMap(L2PPool.normalized), shape: [queries.count, d])
        let unitKeys = keys / (keys.square().sum(axis: 1, keepDims: true) + L2PPool.epsilon).sqrt()
        var picked = [Float](repeating: 0, count: poolSize)
        for j in selected { picked[j] = 1 }
        let cosines = q.matmul(unitKeys, transposeOther: true)            // [B, M]
        return (cosines * Tensor(picked, shape: [1, poolSize])).sum() * (-pullWeight / Float(queries.count))
    }

    // MARK: queries and selection

    /// The last training batch's queries and set: `extraLoss` follows `promptInputs(for:)` on the
    /// same batch each step, and the query costs a whole encoder pass.
    private var cache: (ids: [[Int]], queries: [[Float]], set: [Int])?
    /// Per task in learning order; the last entry is the task being trained.
    var tasks: [L2PSelectionCount] = []
    /// How many training batches of the current task chose each set.
    private var batchSets: [[Int]: Int] = [:]

    /// Starts counting selections for `task` (again from zero if it was trained before).
    func startTask(_ task: String) {
        tasks.removeAll { $0.task == task }
        tasks.append(L2PSelectionCount(task: task, counts: Array(repeating: 0, count: poolSize)))
        batchSets = [:]
    }

    /// The batch's shared set: the majority of its examples' own top-N sets.
    public func selection(for batch: T5Batch) -> [Int] {
        let queries = cache?.ids == batch.inputIDs ? cache!.queries : queries(batch.inputIDs, attentionMask: batch.attentionMask)
        let usage = diversify ? earlierUsage() : nil
        let set = L2PPool.majority(queries.map { select(query: $0, usage: usage) }, poolSize: poolSize, n: topN)
        cache = (batch.inputIDs, queries, set)
        return set
    }

    /// Mean of the frozen encoder's output (no prompt) over the non-padding positions: [B][d].
    public func queries(_ ids: [[Int]], attentionMask: [[Int]]?) -> [[Float]] {
        let hidden = withNoGrad { model.encode(ids, attentionMask: attentionMask).hidden }   // [B, S, d]
        let (length, d, h) = (hidden.shape[1], hidden.shape[2], hidden.data)
        return ids.indices.map { b in
            var sum = [Float](repeating: 0, count: d), count = 0
            for t in 0..<length where (attentionMask?[b][t] ?? 1) != 0 {
                count += 1
                for k in 0..<d { sum[k] += h[(b * length + t) * d + k] }
            }
            return sum.map { $0 / Float(max(count, 1)) }
        }
    }

    /// The top-N entries for one query by cosine similarity with the keys, ascending. With `usage`
    /// (shares summing to 1), the top-N by smallest distance (1 − cos) × usage instead.
    public func select(query: [Float], usage: [Float]? = nil) -> [Int] {
        let q = L2PPool.normalized(query), d = keys.shape[1], k = keys.data
        let similarities = (0..<poolSize).map { j in
            zip(q, L2PPool.normalized(Array(k[(j * d)..<((j + 1) * d)]))).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        }
        guard let usage else { return L2PPool.topN(similarities, n: topN).sorted() }
        // Entries no earlier task used all score 0; among equal scores the more similar key wins.
        let penalised: [Float] = zip(similarities, usage).map { (1 - $0.0) * $0.1 }
        func before(_ a: Int, _ b: Int) -> Bool {
            if penalised[a] != penalised[b] { return penalised[a] < penalised[b] }
            if similarities[a] != similarities[b] { return similarities[a] > similarities[b] }
            return a < b
        }
        return Array((0..<poolSize).sorted(by: before).prefix(topN)).sorted()
    }

    /// Each entry's share of the training examples of the tasks before the current one; nil when no
    /// earlier task has trained (the first task selects by similarity alone).
    public func earlierUsage() -> [Float]? {
        var counts = [Float](repeating: 0, count: poolSize)
        for task in tasks.dropLast() { for j in 0..<poolSize { counts[j] += Float(task.counts[j]) } }
        let total = counts.reduce(0, +)
        return total > 0 ? counts.map { $0 / total } : nil
    }

    /// ε inside the square root of a norm, as l2p-pytorch's `l2_normalize` (1e-12).
    static let epsilon: Float = 1e-12
    static func normalized(_ v: [Float]) -> [Float] {
        let norm = (v.reduce(Float(0)) { $0 + $1 * $1 } + epsilon).squareRoot()
        return v.map { $0 / norm }
    }

    /// Indices of the `n` largest values, largest first; equal values go to the lower index.
    public static func topN(_ values: [Float], n: Int) -> [Int] {
        Array(values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.prefix(n))
    }

    /// Batch-wise majority: the `n` entries most often in `selections`, ties to the lower index;
    /// ascending.
    public static func majority(_ selections: [[Int]], poolSize: Int, n: Int) -> [Int] {
        var counts = [Float](repeating: 0, count: poolSize)
        for set in selections { for j in set { counts[j] += 1 } }
        return topN(counts, n: n).sorted()
    }
}

/// L2P as a continual learner: one pool trained through every task, per-example selection at test.
public final class L2PLearner: ContinualLearner {
    public let method = ContinualMethod.l2p
    public let tuning: PromptTuningOptions
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let pool: L2PPool

    /// `tuning.learningRate` serves prompts and keys alike. It is kept as given, not forced: the
    /// default (PromptTuningOptions, ExperimentOptions.promptLearningRate) is the calibrated 0.1,
    /// and a sweep of the prompt rate must reach L2P as it reaches C-PT and LPT.
    public init(model: T5Model, vocabulary: Vocabulary, tuning: PromptTuningOptions, poolSize: Int = 10,
                promptLength: Int = 5, topN: Int = 4, pullWeight: Float = 0.1, diversify: Bool = false, seed: UInt64 = 7) {
        (self.model, self.vocabulary, self.tuning) = (model, vocabulary, tuning)
        pool = L2PPool(model: model, poolSize: poolSize, promptLength: promptLength, topN: topN,
                       pullWeight: pullWeight, seed: seed)
        pool.diversify = diversify
    }

    /// Per task in learning order, how often each pool entry served its training examples.
    public var selectionCounts: [L2PSelectionCount] { pool.tasks }

    public func begin(_ task: TaskData) throws -> (tunable: TunablePrompt, task: TuningTask) {
        pool.startTask(task.spec.id)
        return (pool, TuningTask(task))
    }

    public func finish(_ task: TaskData) throws {}

    /// Each example's own top-N set, from the query of its evaluation input (sorted schema).
    public func selections(_ examples: [UIEExample], schemas: TaskSchemas) -> [[Int]] {
        let encoder = ExtractionEvaluator(model: model, vocabulary: vocabulary).encoder
        let prefix = SchemaPrompt(recordSchema: schemas.record).evaluationPrefix()
        let sources = examples.map { encoder.source(prefix: prefix, text: $0.text) }
        var sets = [[Int]](repeating: [], count: examples.count)
        let order = sources.indices.sorted { sources[$0].count < sources[$1].count }   // little padding
        for start in stride(from: 0, to: order.count, by: 32) {
            let rows = Array(order[start..<min(start + 32, order.count)])
            let batch = SELEncoder.batch(sources: rows.map { sources[$0] }, targets: [[0]])
            let queries = pool.queries(batch.inputIDs, attentionMask: batch.attentionMask)
            for (row, query) in zip(rows, queries) { sets[row] = pool.select(query: query) }
        }
        return sets
    }

    /// Generated SEL per example: examples grouped by selected set, each group decoded with its prompt.
    public func generate(_ examples: [UIEExample], schemas: TaskSchemas) -> [String] {
        let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
        let sets = selections(examples, schemas: schemas)
        var generated = [String](repeating: "", count: examples.count)
        let groups = Dictionary(grouping: examples.indices) { sets[$0] }
        for set in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let members = groups[set]!
            let prompts = withNoGrad { pool.promptInputs(set) }
            let outputs = evaluator.generate(members.map { examples[$0] }, schemas: schemas,
                                             constrained: tuning.constrained, prompts: prompts)
            for (i, output) in zip(members, outputs) { generated[i] = output }
        }
        return generated
    }

    /// Scored over the whole set at once, so the F1 is not an average of per-group F1s. L2P has no
    /// task identity to use, so `learned` changes nothing.
    public func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double {
        let generated = generate(examples, schemas: task.spec.schemas)
        return try scoreSEL(generated: generated, gold: examples, schemas: task.spec.schemas,
                            strategy: task.spec.strategy).headlineF1(kind: task.spec.kind)
    }

    /// The paper's Table 1 logic: a task tunes one N·n-length deep prompt's worth (the selected
    /// keys, N·d, are left out as in the paper); the pool and all keys are stored once.
    public func accounting(tasks: Int) -> MethodAccounting {
        MethodAccounting(tunedParameters: pool.layout.parameterCount, addedParameters: Double(pool.values.count + pool.keys.count))
    }
}

// MARK: saved state

/// What `l2p.json` records beside the tensors: the pool's shape and the selection counts.
struct L2PManifest: Codable, Equatable {
    let poolSize: Int, topN: Int
    let entryLayout: PromptLayout
    let keyWidth: Int
    let selectionCounts: [L2PSelectionCount]
}

extension L2PLearner {
    static let tensorFile = "l2p-pool.safetensors", manifestFile = "l2p.json"

    /// Pool and keys as safetensors, then the manifest; each atomic, the manifest last, so an
    /// interrupted save leaves the previous manifest naming a complete state.
    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Safetensors.write(["pool": StoredTensor(floats: pool.values.data, shape: pool.values.shape),
                               "keys": StoredTensor(floats: pool.keys.data, shape: pool.keys.shape)],
                              to: folder.appendingPathComponent(L2PLearner.tensorFile))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SafeFile.write(encoder.encode(manifest(counts: selectionCounts)),
                              to: folder.appendingPathComponent(L2PLearner.manifestFile))
    }

    func manifest(counts: [L2PSelectionCount]) -> L2PManifest {
        L2PManifest(poolSize: pool.poolSize, topN: pool.topN, entryLayout: pool.entryLayout,
                    keyWidth: pool.keys.shape[1], selectionCounts: counts)
    }

    public func load(from folder: URL) throws {
        let manifestURL = folder.appendingPathComponent(L2PLearner.manifestFile)
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw ContinualError.malformedState(path: manifestURL.path, reason: "missing or unreadable")
        }
        guard let saved = try? JSONDecoder().decode(L2PManifest.self, from: data) else {
            throw ContinualError.malformedState(path: manifestURL.path, reason: "not an L2P manifest (poolSize, topN, entryLayout, keyWidth, selectionCounts)")
        }
        guard saved == manifest(counts: saved.selectionCounts),
              saved.selectionCounts.allSatisfy({ $0.counts.count == pool.poolSize }) else {
            throw ContinualError.malformedState(path: manifestURL.path, reason: "pool of \(saved.poolSize) × \(saved.entryLayout.shape), top-\(saved.topN), differs from this run's \(pool.poolSize) × \(pool.entryLayout.shape), top-\(pool.topN)")
        }
        let tensorURL = folder.appendingPathComponent(L2PLearner.tensorFile)
        let tensors: [String: StoredTensor]
        do { tensors = try Safetensors.read(tensorURL) } catch {
            throw ContinualError.malformedState(path: tensorURL.path, reason: "\(error)")
        }
        func floats(_ name: String, like tensor: Tensor) throws -> [Float] {
            if let stored = tensors[name], stored.shape != tensor.shape {
                throw ContinualError.malformedState(path: tensorURL.path, reason: "tensor '\(name)' has shape \(stored.shape), expected \(tensor.shape)")
            }
            // Missing, integer-typed or non-finite pool entries and keys are refused by name.
            do { return try Safetensors.finiteFloats(name, in: tensors, count: tensor.count).get() } catch {
                throw ContinualError.malformedState(path: tensorURL.path, reason: "\(error)")
            }
        }
        let (values, keys) = (try floats("pool", like: pool.values), try floats("keys", like: pool.keys))
        (pool.values.data, pool.keys.data) = (values, keys)
        pool.tasks = saved.selectionCounts
    }
}

extension L2PLearner {
    /// What a finished `lpt learn --method l2p` job saved after its last task: the pool's shape and,
    /// per task, how many training examples each entry served. nil when `job` holds no L2P state.
    public static func savedPool(job: URL, tasks: Int) -> (poolSize: Int, topN: Int, entryLength: Int, counts: [L2PSelectionCount])? {
        let url = job.appendingPathComponent("state/state-\(tasks)/\(manifestFile)")
        guard let data = try? Data(contentsOf: url),
              let saved = try? JSONDecoder().decode(L2PManifest.self, from: data) else { return nil }
        return (saved.poolSize, saved.topN, saved.entryLayout.length, saved.selectionCounts)
    }
}

