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

    /// A learned task uses its own adapters; an upcoming one has none (the bare backbone).
    public func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double {
        let set = learned ? adapters.first { $0.task == task.spec.id }?.set : nil
        return try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples,
                              prompts: set.map { s in withNoGrad { s.promptInputs() } } ?? .none, constrained: tuning.constrained)
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
            guard parts.count == 3, let floats = value.floats else {
                throw ContinualError.malformedState(path: url.path, reason: "tensor '\(key)' is not NN.task.name")
            }
            byTask["\(parts[0]).\(parts[1])", default: [:]][parts[2]] = floats
        }
        adapters = try byTask.keys.sorted().enumerated().map { i, key in
            let set = ResidualAdapters(model: model, bottleneck: bottleneck, seed: seed &+ UInt64(i))
            do { try set.setState(byTask[key]!) } catch {
                throw ContinualError.malformedState(path: url.path, reason: "\(key): \(error)")
            }
            return (String(key.split(separator: ".")[1]), set)
        }
    }

    public func accounting(tasks: Int) -> MethodAccounting {
        let n = ResidualAdapters(model: model, bottleneck: bottleneck, seed: 0).parameterCount
        return MethodAccounting(tunedParameters: n, addedParameters: Double(n * tasks))
    }
}
