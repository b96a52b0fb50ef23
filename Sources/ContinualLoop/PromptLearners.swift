// The prompt learners on the frozen backbone (chapter 6): C-PT keeps one deep prompt per task,
// each started from the previous task's; LPT keeps one shared prompt and one mask per task.

import Diagrams
import Foundation
import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors

/// C-PT as the paper runs it (Zhu et al. 2022, CLInit only): a length-20 deep prompt per task,
/// initialised from the prompt of the task before.
public final class PromptPerTask: ContinualLearner {
    public let method = ContinualMethod.cpt
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let tuning: PromptTuningOptions
    public let layout: PromptLayout
    var prompts: [(task: String, values: [Float])] = []
    let seed: UInt64
    /// The backbone is frozen: a task scored again with the same prompt gets its earlier score.
    public let memo = ScoreMemo()

    public init(model: T5Model, vocabulary: Vocabulary, tuning: PromptTuningOptions, length: Int = 20, seed: UInt64 = 5) {
        (self.model, self.vocabulary, self.tuning, self.seed) = (model, vocabulary, tuning, seed)
        layout = PromptLayout(.deep, for: model.config, length: length)
    }

    var current: SoftPrompt?
    /// An ablation: every task's prompt starts from the same random values instead of the previous
    /// task's prompt (C-PT without its CLInit start, i.e. a fresh prompt per task).
    public var freshStart = false

    public func begin(_ task: TaskData) throws -> (tunable: TunablePrompt, task: TuningTask) {
        let previous = freshStart ? nil : prompts.last
        let start: PromptInitialization = previous.map { .copy($0.values) } ?? .random(std: 0.02)
        let prompt = SoftPrompt(layout: layout, model: model, initialization: start, seed: seed)
        current = prompt
        return (prompt, TuningTask(task))
    }

    public func finish(_ task: TaskData) throws {
        guard let current else { return }
        prompts.append((task.spec.id, current.values.data))
    }

    /// A learned task uses its own prompt; an upcoming one the latest prompt (its CLInit start).
    public func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double {
        let values = learned ? prompts.first { $0.task == task.spec.id }?.values : prompts.last?.values
        let inputs = values.map { v in withNoGrad { layout.inputs(Tensor(v, shape: layout.shape)) } } ?? .none
        return try memo.score(task: task, examples: examples, prompts: inputs, constrained: tuning.constrained) {
            try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples, prompts: inputs,
                           constrained: tuning.constrained)
        }
    }

    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var tensors: [String: StoredTensor] = [:]
        for (i, p) in prompts.enumerated() { tensors[String(format: "%02d.%@", i, p.task)] = StoredTensor(floats: p.values, shape: layout.shape) }
        try Safetensors.write(tensors, to: folder.appendingPathComponent("prompts.safetensors"))
    }

    public func load(from folder: URL) throws {
        let url = folder.appendingPathComponent("prompts.safetensors")
        let tensors = try Safetensors.read(url)
        prompts = try tensors.keys.sorted().map { key in
            guard let dot = key.firstIndex(of: ".") else {
                throw ContinualError.malformedState(path: url.path, reason: "tensor '\(key)' is not named NN.task")
            }
            // A prompt must be finite floats of this run's layout: integers or NaN would be
            // used as prompt values without complaint.
            do { return (String(key[key.index(after: dot)...]), try Safetensors.finiteFloats(key, in: tensors, count: layout.parameterCount).get()) } catch {
                throw ContinualError.malformedState(path: url.path, reason: "\(error)")
            }
        }
    }

    public func accounting(tasks: Int) -> MethodAccounting {
        MethodAccounting(tunedParameters: layout.parameterCount, addedParameters: Double(layout.parameterCount * tasks))
    }
}

/// LPT: one lottery prompt for the whole stream (chapter 5), with the capacity rule.
public final class LotteryLearner: ContinualLearner {
    public let method = ContinualMethod.lpt
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let tuning: PromptTuningOptions
    public let lottery: LotteryPrompt
    /// Positions added when the free share falls below the keep fraction.
    public let growth: Int
    /// (task, positions added before it) for every expansion so far.
    public private(set) var expansions: [(task: String, added: Int)] = []
    /// A learned task whose mask an unseen task borrows (chapter 7's selectors set it): the mask
    /// it is scored with before it is learned (zero-shot), and the start of its scores (few-shot).
    /// nil in the stream: the latest mask for scoring, fresh scores for training.
    public var borrowedMask: String?
    /// The backbone is frozen: a task scored again with bit-identical prompt inputs (its own
    /// frozen mask over frozen entries) gets its earlier score instead of a second decoding.
    public let memo = ScoreMemo()

    public init(model: T5Model, vocabulary: Vocabulary, tuning: PromptTuningOptions, options: LotteryOptions = LotteryOptions(),
                length: Int = 20, growth: Int = 10) {
        (self.model, self.vocabulary, self.tuning, self.growth) = (model, vocabulary, tuning, growth)
        lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: length), model: model, options: options)
    }

    public func begin(_ task: TaskData) throws -> (tunable: TunablePrompt, task: TuningTask) {
        let added = lottery.expandIfNeeded(growth: growth)
        if added > 0 { expansions.append((task.spec.id, added)) }
        lottery.beginTask(from: borrowedMask.flatMap { id in lottery.masks.first { $0.task == id }?.mask })
        return (lottery, TuningTask(task))
    }

    public func finish(_ task: TaskData) throws { lottery.finishTask(task.spec.id) }

    /// A learned task uses its own mask. An upcoming task has none yet: the kit uses the latest
    /// mask (chapter 7 picks one by a selector instead); before any task, the bare backbone.
    public func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double {
        let inputs: PromptInputs
        if learned, let own = lottery.inputs(forTask: task.spec.id) { inputs = own }
        else if let borrowed = borrowedMask.flatMap(lottery.inputs(forTask:)) { inputs = borrowed }
        else if let last = lottery.masks.last { inputs = lottery.inputs(forTask: last.task)! }
        else { inputs = .none }
        return try memo.score(task: task, examples: examples, prompts: inputs, constrained: tuning.constrained) {
            try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples, prompts: inputs,
                           constrained: tuning.constrained)
        }
    }

    public func save(to folder: URL) throws {
        try lottery.save(to: folder.appendingPathComponent("lottery"))
        let log = expansions.map { ExpansionRecord(task: $0.task, added: $0.added) }
        try SafeFile.write(JSONEncoder().encode(log), to: folder.appendingPathComponent("expansions.json"))
    }

    public func load(from folder: URL) throws {
        try lottery.load(from: folder.appendingPathComponent("lottery"))
        let url = folder.appendingPathComponent("expansions.json")
        guard let data = try? Data(contentsOf: url), let log = try? JSONDecoder().decode([ExpansionRecord].self, from: data) else {
            throw ContinualError.malformedState(path: url.path, reason: "not a list of expansions")
        }
        expansions = log.map { ($0.task, $0.added) }
    }

    /// Tune Param: the entries one task keeps (at the current length). +Param: θ at its final
    /// length plus one bit per entry per task.
    public func accounting(tasks: Int) -> MethodAccounting {
        let p = lottery.layout.parameterCount
        return MethodAccounting(tunedParameters: Int((lottery.options.keepFraction * Double(p)).rounded()),
                                addedParameters: Double(p) + Double(p * tasks) / 32)
    }

    struct ExpansionRecord: Codable { let task: String; let added: Int }
}

extension LotteryLearner {
    /// |M_k| / P after each learned task, with P the prompt size at that task's length.
    public var usedCapacity: [Double] {
        var union = PromptMask(count: lottery.layout.parameterCount)
        return zip(lottery.masks, lottery.lengths).map { entry, length in
            union = union.union(entry.mask)
            return Double(union.popcount) / Double(lottery.layout.withLength(length).parameterCount)
        }
    }
}
