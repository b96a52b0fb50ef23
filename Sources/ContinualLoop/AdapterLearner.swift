// AdapterCL (Madotto et al. 2021) as the paper runs it: a fresh set of residual adapters per task
// on the frozen backbone, the task's own set at test time. Nothing is shared, so nothing is
// forgotten and nothing transfers.

import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public final class AdapterPerTask: ContinualLearner {
    public let method = ContinualMethod.adapterCL
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let tuning: PromptTuningOptions
    public let bottleneck: Int
    var adapters: [(task: String, set: ResidualAdapters)] = []
    var current: ResidualAdapters?
    let seed: UInt64
    /// A learned task whose adapters an unseen task borrows when scored before it is learned
    /// (AdapterCL picks it by perplexity, chapter 7); nil in the stream: the bare backbone.
    public var borrowedAdapters: String?

    /// The tasks with adapters, in learning order.
    public var adapterTasks: [String] { adapters.map(\.task) }

    /// Task `id`'s adapters as prompt inputs (no graph), or nil when it has none.
    public func inputs(forTask id: String) -> PromptInputs? {
        adapters.first { $0.task == id }.map { a in withNoGrad { a.set.promptInputs() } }
    }

    public init(model: T5Model, vocabulary: Vocabulary, tuning: PromptTuningOptions, bottleneck: Int = 32, seed: UInt64 = 9) {
        (self.model, self.vocabulary, self.tuning, self.bottleneck, self.seed) = (model, vocabulary, tuning, bottleneck, seed)
    }

    public func begin(_ task: TaskData) throws -> (tunable: TunablePrompt, task: TuningTask) {
        let set = ResidualAdapters(model: model, bottleneck: bottleneck, seed: seed &+ UInt64(adapters.count))
        current = set
        return (set, TuningTask(task))
    }

    public func finish(_ task: TaskData) throws {
        if let current { adapters.append((task.spec.id, current)) }
    }

    /// A learned task uses its own adapters; an upcoming one borrows a learned task's when told
    /// to, and otherwise has none (the bare backbone).
    public func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double {
        let owner = learned ? task.spec.id : borrowedAdapters
        return try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples,
                              prompts: owner.flatMap(inputs(forTask:)) ?? .none, constrained: tuning.constrained)
    }

    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var tensors: [String: StoredTensor] = [:]
        for (i, entry) in adapters.enumerated() {
            for (name, t) in entry.set.state { tensors[String(format: "%02d.%@.%@", i, entry.task, name)] = StoredTensor(floats: t.data, shape: t.shape) }
        }
        try Safetensors.write(tensors, to: folder.appendingPathComponent("adapters.safetensors"))
    }

    public func load(from folder: URL) throws {
        let url = folder.appendingPathComponent("adapters.safetensors")
        let tensors = try Safetensors.read(url)
        var byTask: [String: [String: [Float]]] = [:]
        for (key, value) in tensors {
            let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3 else {
                throw ContinualError.malformedState(path: url.path, reason: "tensor '\(key)' is not NN.task.name")
            }
            // Integers or NaN/infinity would become adapter weights unnoticed; the size against
            // the adapter set is checked by setState below.
            let floats: [Float]
            do { floats = try Safetensors.finiteFloats(key, in: tensors, count: value.shape.reduce(1, *)).get() } catch {
                throw ContinualError.malformedState(path: url.path, reason: "\(error)")
            }
            byTask["\(parts[0]).\(parts[1])", default: [:]][parts[2]] = floats
        }
        adapters = try byTask.keys.sorted().enumerated().map { i, key in
            let set = ResidualAdapters(model: model, bottleneck: bottleneck, seed: seed &+ UInt64(i))
            do { try set.setState(byTask[key]!) } catch {
                throw ContinualError.malformedState(path: url.path, reason: "tensor '\(key).…': \(error)")
            }
            return (String(key.split(separator: ".")[1]), set)
        }
    }

    public func accounting(tasks: Int) -> MethodAccounting {
        let n = ResidualAdapters(model: model, bottleneck: bottleneck, seed: 0).parameterCount
        return MethodAccounting(tunedParameters: n, addedParameters: Double(n * tasks))
    }
}
