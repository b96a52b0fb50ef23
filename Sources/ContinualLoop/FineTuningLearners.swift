// The baselines that train every weight of the model (chapter 6): sequential fine-tuning, EWC,
// experience replay, and Individual (a fresh copy of the backbone per task). They all hand the
// trainer the same tunable: the whole model.

import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

/// The whole backbone as a "prompt": every weight is trained. Gradients are clipped to norm 1
/// (as the backbone was trained), and EWC's penalty gradient is added here.
public final class WholeModelTuning: TunablePrompt {
    public let model: T5Model
    public let layout: PromptLayout
    /// λ·F_j·(θ_j − θ*_j) is added to each weight's gradient when set (EWC).
    var penalty: ElasticPenalty?

    init(model: T5Model, penalty: ElasticPenalty? = nil) {
        self.model = model
        self.penalty = penalty
        layout = PromptLayout(.shallow, for: model.config, length: 0)   // no prompt: the model is tuned
    }

    public var tunesBackbone: Bool { true }
    public func parameterGroups(learningRate: Float) -> [ParameterGroup] {
        [ParameterGroup(name: "model", tensors: model.parameters, learningRate: learningRate)]
    }
    public func promptInputs() -> PromptInputs { .none }
    public func prepareGradients() {
        if let penalty { penalty.addGradient(to: model.parameters) }
        _ = clipGradientNorm(model.parameters, maxNorm: 1)
    }
    public var state: [(name: String, tensor: Tensor)] { model.namedParameters() }

    /// EWC's penalty at the current weights (0 without one), and its gradient added alone.
    public var penaltyValue: Double { penalty?.value(model.parameters) ?? 0 }
    public func addPenaltyGradient() { penalty?.addGradient(to: model.parameters) }
}

// snippet.ewc-penalty
/// EWC (Kirkpatrick et al. 2017): L_k + (λ/2)·Σ_j F_j·(θ_j − θ*_j)². F is the empirical Fisher
/// diagonal (mean squared per-example gradient of the log-likelihood); the kit sums the Fishers
/// of all finished tasks and anchors at the weights after the last one (online EWC with γ = 1).
public struct ElasticPenalty {
    public var lambda: Float
    public var fisher: [[Float]]
    public var anchor: [[Float]]

    /// The penalty's gradient λ·F·(θ − θ*), added in place.
    func addGradient(to parameters: [Tensor]) {
        for (k, p) in parameters.enumerated() {
            guard p.grad != nil else { continue }
            let f = fisher[k], a = anchor[k], theta = p.data, l = lambda
            p.withGradBuffer { g in for j in 0..<g.count { g[j] += l * f[j] * (theta[j] - a[j]) } }
        }
    }

    /// The penalty's value (for logs and tests).
    public func value(_ parameters: [Tensor]) -> Double {
        var total = 0.0
        for (k, p) in parameters.enumerated() {
            for j in 0..<p.count { let d = Double(p.data[j] - anchor[k][j]); total += Double(fisher[k][j]) * d * d }
        }
        return Double(lambda) / 2 * total
    }
}

/// Mean squared gradient of the log-likelihood, one example at a time.
public func empiricalFisher(model: T5Model, batches: [T5Batch]) throws -> [[Float]] {
    let parameters = model.parameters
    model.setFrozen(false)
    var fisher = parameters.map { [Float](repeating: 0, count: $0.count) }
    for batch in batches {
        for p in parameters { p.grad = nil }
        let encoded = model.encode(batch.inputIDs, attentionMask: batch.attentionMask)
        let loss = try model.loss(logits: model.decode(model.shiftRight(batch.labels), encoder: encoded), labels: batch.labels)
        loss.backward()
        for (k, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            for j in 0..<g.count { fisher[k][j] += g[j] * g[j] / Float(batches.count) }
        }
    }
    for p in parameters { p.grad = nil }
    return fisher
}
// snippet.end

/// Fine-tuning, EWC and ER: one model trained on task after task.
public final class SequentialFineTuning: ContinualLearner {
    public let method: ContinualMethod
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let tuning: PromptTuningOptions
    public var ewcLambda: Float = 100
    /// Examples kept per finished task (ER).
    public var memoryPerTask = 50
    public var fisherExamples = 64
    var penalty: ElasticPenalty?
    /// ER's memory: stored examples with their task's record schema.
    var memory: [(example: UIEExample, schema: Schema)] = []
    let seed: UInt64

    public init(method: ContinualMethod, model: T5Model, vocabulary: Vocabulary, tuning: PromptTuningOptions, seed: UInt64 = 3) {
        precondition([.fineTuning, .ewc, .er].contains(method))
        (self.method, self.model, self.vocabulary, self.tuning, self.seed) = (method, model, vocabulary, tuning, seed)
    }

    public func begin(_ task: TaskData) throws -> (tunable: TunablePrompt, task: TuningTask) {
        var tuningTask = TuningTask(task)
        if method == .er, !memory.isEmpty {
            tuningTask = TuningTask(id: task.spec.id, kind: task.spec.kind, schemas: task.spec.schemas, strategy: task.spec.strategy,
                                    train: task.train + memory.map(\.example), dev: task.dev,
                                    trainSchemas: task.train.map { _ in task.spec.schemas.record } + memory.map(\.schema))
        }
        return (WholeModelTuning(model: model, penalty: method == .ewc ? penalty : nil), tuningTask)
    }

    public func finish(_ task: TaskData) throws {
        switch method {
        case .er:
            var rng = SeededGenerator(seed: seed &+ UInt64(memory.count))
            let kept = reservoirSample(task.train, count: memoryPerTask, rng: &rng)
            memory += kept.map { ($0, task.spec.schemas.record) }
        case .ewc:
            let encoder = SELEncoder(vocabulary: vocabulary)
            let prefix = SchemaPrompt(recordSchema: task.spec.schemas.record).evaluationPrefix()
            let batches = task.train.prefix(fisherExamples).map {
                SELEncoder.batch(sources: [encoder.source(prefix: prefix, text: $0.text)], targets: [encoder.target($0.record)])
            }
            let fisher = try empiricalFisher(model: model, batches: batches)
            let summed = penalty.map { old in zip(old.fisher, fisher).map { zip($0, $1).map(+) } } ?? fisher
            penalty = ElasticPenalty(lambda: ewcLambda, fisher: summed, anchor: model.parameters.map(\.data))
        default: break
        }
    }

    public func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double {
        try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples, prompts: .none,
                       constrained: tuning.constrained)
    }

    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try model.save(to: folder.appendingPathComponent("model"))
        if let penalty {
            var tensors: [String: StoredTensor] = ["lambda": StoredTensor(floats: [penalty.lambda], shape: [1])]
            for (k, p) in model.parameters.enumerated() {
                tensors["fisher.\(k)"] = StoredTensor(floats: penalty.fisher[k], shape: p.shape)
                tensors["anchor.\(k)"] = StoredTensor(floats: penalty.anchor[k], shape: p.shape)
            }
            try Safetensors.write(tensors, to: folder.appendingPathComponent("ewc.safetensors"))
        }
        if method == .er {
            let stored = memory.map { StoredExample(example: $0.example, schema: $0.schema) }
            try SafeFile.write(JSONEncoder().encode(stored), to: folder.appendingPathComponent("memory.json"))
        }
    }

    public func load(from folder: URL) throws {
        let saved = try T5Model(checkpoint: folder.appendingPathComponent("model"))
        for (p, q) in zip(model.parameters, saved.parameters) { p.data = q.data }
        let ewcURL = folder.appendingPathComponent("ewc.safetensors")
        if method == .ewc, FileManager.default.fileExists(atPath: ewcURL.path) {
            let tensors = try Safetensors.read(ewcURL)
            func floats(_ name: String, _ count: Int) throws -> [Float] {
                // Fisher weights and anchors enter every later loss: they must be finite floats.
                do { return try Safetensors.finiteFloats(name, in: tensors, count: count).get() } catch {
                    throw ContinualError.malformedState(path: ewcURL.path, reason: "\(error)")
                }
            }
            let counts = model.parameters.map(\.count)
            penalty = ElasticPenalty(lambda: try floats("lambda", 1)[0],
                                     fisher: try counts.indices.map { try floats("fisher.\($0)", counts[$0]) },
                                     anchor: try counts.indices.map { try floats("anchor.\($0)", counts[$0]) })
        }
        if method == .er {
            let url = folder.appendingPathComponent("memory.json")
            guard let data = try? Data(contentsOf: url),
                  let stored = try? JSONDecoder().decode([StoredExample].self, from: data) else {
                throw ContinualError.malformedState(path: url.path, reason: "not a list of stored examples")
            }
            memory = stored.map { ($0.example, $0.schema) }
        }
    }

    public func accounting(tasks: Int) -> MethodAccounting {
        let n = model.parameterCount
        return MethodAccounting(tunedParameters: n, addedParameters: method == .ewc ? Double(2 * n) : 0,
                                memoryPerTask: method == .er ? memoryPerTask : 0)
    }
}

// snippet.reservoir
/// Reservoir sampling (Vitter 1985): one pass, every example kept with probability count/n.
public func reservoirSample<T>(_ items: [T], count: Int, rng: inout SeededGenerator) -> [T] {
    var kept = Array(items.prefix(count))
    guard items.count > count else { return kept }
    for i in count..<items.count {
        let j = Int(rng.next() % UInt64(i + 1))
        if j < count { kept[j] = items[i] }
    }
    return kept
}
// snippet.end

/// A replayed example with its task's record schema (types, roles, which roles each type takes).
struct StoredExample: Codable {
    let example: UIEExample
    let types: [String], roles: [String], typeRoles: [String: [String]]
    init(example: UIEExample, schema: Schema) {
        self.example = example
        (types, roles, typeRoles) = (schema.types, schema.roles, schema.typeRoles)
    }
    var schema: Schema { Schema(types: types, roles: roles, typeRoles: typeRoles) }
}

/// Individual: a fresh copy of the backbone fine-tuned on each task alone. Its model for task i is
/// never touched again, so its F1 on task i is the same at every later row; the kit records it once
/// instead of keeping T models around (+Param still counts them, as the paper does).
public final class IndividualFineTuning: ContinualLearner {
    public let method = ContinualMethod.individual
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let tuning: PromptTuningOptions
    let backbone: [[Float]]
    var scores: [String: Double] = [:]
    var current: String?

    public init(model: T5Model, vocabulary: Vocabulary, tuning: PromptTuningOptions) {
        (self.model, self.vocabulary, self.tuning) = (model, vocabulary, tuning)
        backbone = model.parameters.map(\.data)
    }

    public func begin(_ task: TaskData) throws -> (tunable: TunablePrompt, task: TuningTask) {
        for (p, w) in zip(model.parameters, backbone) { p.data = w }
        current = task.spec.id
        return (WholeModelTuning(model: model), TuningTask(task))
    }

    public func finish(_ task: TaskData) throws {}

    public func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double {
        if learned, let recorded = scores[task.spec.id] { return recorded }
        if !learned { for (p, w) in zip(model.parameters, backbone) { p.data = w } }
        let f1 = try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples, prompts: .none,
                                constrained: tuning.constrained)
        if learned, task.spec.id == current { scores[task.spec.id] = f1 }
        return f1
    }

    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SafeFile.write(JSONEncoder().encode(scores), to: folder.appendingPathComponent("individual.json"))
    }

    public func load(from folder: URL) throws {
        let url = folder.appendingPathComponent("individual.json")
        guard let data = try? Data(contentsOf: url), let saved = try? JSONDecoder().decode([String: Double].self, from: data) else {
            throw ContinualError.malformedState(path: url.path, reason: "not a table of per-task F1")
        }
        scores = saved
    }

    public func accounting(tasks: Int) -> MethodAccounting {
        MethodAccounting(tunedParameters: model.parameterCount, addedParameters: Double(model.parameterCount * tasks))
    }
}
