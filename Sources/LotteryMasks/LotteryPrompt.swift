// One shared prompt θ, learned task after task (chapter 5). Task k trains its own scores s_k;
// its lottery prompt is θ ⊙ top-k(s_k). Entries of θ that an earlier task selected (the union
// M_{k−1}) are read but never updated: that gradient isolation is why earlier tasks keep
// computing exactly what they computed when they were learned (BWT = 0).

import Foundation
import SoftPrompts
import T5
import Tensors

// snippet.lottery-options
public struct LotteryOptions: Codable, Equatable, Sendable {
    /// Share of prompt entries each task keeps. The paper's "c = 0.7" is the share *pruned*; its
    /// Tune Param column (0.097% of 0.293%) fits about 30% kept.
    public var keepFraction = 0.3
    /// Adam's rate for the scores (the prompt values use the tuner's rate, 0.3). At 0.01 the
    /// mask of a later task barely leaves its random start and keeps the frozen entries it drew
    /// (chapter 5 measures the difference).
    public var scoreLearningRate: Float = 0.1
    /// Fresh scores are drawn from U(−r, r): tiny, so the first gradients decide the ranking.
    public var scoreInitRange: Float = 0.01
    /// Subtracted from the fresh scores of entries earlier tasks own, so a new task starts on free
    /// entries and takes a frozen one only when its gradient keeps pushing it up: with scores at
    /// Adam 0.1, about 10 steps per unit of offset, so 10 means about a hundred consistent steps
    /// (chapters 5 and 6 measure 0, 1, 3 and 10). nil (states saved before this option existed)
    /// or 0: no offset.
    public var ownedScoreOffset: Float? = 10
    public var seed: UInt64 = 5
    public init() {}
}
// snippet.end

public final class LotteryPrompt: TunablePrompt {
    /// The current layout; `expand(by:)` (chapter 6) lengthens it between tasks.
    public internal(set) var layout: PromptLayout
    public let options: LotteryOptions
    /// θ: the one prompt every task shares.
    public internal(set) var values: Tensor
    /// s_k: the current task's scores (reset by `beginTask`).
    public internal(set) var scores: Tensor
    /// The learned tasks' masks, in learning order.
    public internal(set) var masks: [(task: String, mask: PromptMask)] = []
    /// The prompt length each learned task was trained with (same order as `masks`); positions
    /// added later are hidden from it, so expansion never changes what it computes.
    public internal(set) var lengths: [Int] = []
    /// M_{k−1}: the union of the learned masks; these entries of θ are frozen.
    public internal(set) var owned: PromptMask

    public init(layout: PromptLayout, model: T5Model, options: LotteryOptions = LotteryOptions(),
                initialization: PromptInitialization = .random(std: 0.02)) {
        self.layout = layout
        self.options = options
        let prompt = SoftPrompt(layout: layout, model: model, initialization: initialization, seed: options.seed)
        values = prompt.values
        scores = Tensor.zeros(layout.shape, requiresGrad: true)
        scores.name = "scores"
        owned = PromptMask(count: layout.parameterCount)
        beginTask()
    }

    /// Fresh scores for the next task: U(−r, r) from a seed that depends on the task's index, or
    /// (few-shot transfer) `from` an earlier mask: 1 where it is set, plus the same noise, so the
    /// initial mask equals it whenever it has exactly the kept count of ones.
    public func beginTask(from start: PromptMask? = nil) {
        var rng = SeededGenerator(seed: options.seed &+ 1000 &* UInt64(masks.count + 1))
        let r = options.scoreInitRange
        let offset = start == nil ? options.ownedScoreOffset ?? 0 : 0
        scores.data = (0..<layout.parameterCount).map { j in
            (rng.nextUniform() * 2 - 1) * r + (start?[j] == true ? 1 : 0) - (owned[j] ? offset : 0)
        }
        scores.grad = nil
    }

    /// Another top-k rule for `currentMask` (stage 5's `--mine` passes the learner's exercise 5.1);
    /// nil is the library's `PromptMask.top`. If it throws, that mask falls back to the library's
    /// and the failure is counted, so a run reports it instead of stopping halfway through a task.
    public var topKRule: ((Double, [Float]) throws -> [Bool])?
    public private(set) var topKRuleCalls = 0, topKRuleFailures = 0

    /// m_k for the current scores.
    public var currentMask: PromptMask {
        guard let rule = topKRule else { return PromptMask.top(keepFraction: options.keepFraction, of: scores.data) }
        topKRuleCalls += 1
        if let bits = try? rule(options.keepFraction, scores.data), bits.count == scores.count { return PromptMask(bits) }
        topKRuleFailures += 1
        return PromptMask.top(keepFraction: options.keepFraction, of: scores.data)
    }

    public func parameterGroups(learningRate: Float) -> [ParameterGroup] {
        [ParameterGroup(name: "prompt", tensors: [values], learningRate: learningRate),
         ParameterGroup(name: "scores", tensors: [scores], learningRate: options.scoreLearningRate)]
    }

    public func promptInputs() -> PromptInputs {
        layout.inputs(maskedPrompt(values: values, scores: scores, mask: currentMask))
    }

    // snippet.gradient-isolation
    /// θ ← θ − η·(∂L/∂θ ⊙ (1 − M_{k−1})): entries owned by earlier tasks get no gradient. The tuner
    /// makes a fresh Adam per task with no weight decay, and Adam moves nothing whose gradient has
    /// always been zero, so owned entries stay bit-identical.
    public func prepareGradients() {
        guard values.grad != nil else { return }
        values.withGradBuffer { grad in
            for (w, word) in owned.words.enumerated() where word != 0 {
                for bit in 0..<64 where word >> UInt64(bit) & 1 == 1 { grad[w * 64 + bit] = 0 }
            }
        }
    }
    // snippet.end

    public var state: [(name: String, tensor: Tensor)] { [("prompt", values), ("scores", scores)] }

    /// Freezes the current mask as task `id`'s and adds it to the owned union.
    @discardableResult
    public func finishTask(_ id: String) -> PromptMask {
        let mask = currentMask
        masks.append((id, mask))
        lengths.append(layout.length)
        owned = owned.union(mask)
        return mask
    }

    /// Task i's lottery prompt θ ⊙ m_i, with no graph (evaluation).
    public func inputs(forTask id: String) -> PromptInputs? {
        guard let index = masks.firstIndex(where: { $0.task == id }) else { return nil }
        return inputs(for: masks[index].mask, length: lengths[index])
    }

    public func inputs(for mask: PromptMask) -> PromptInputs { inputs(for: mask, length: layout.length) }

    /// Replaces the learned masks (loading a saved state); the next task starts fresh.
    func restore(masks loaded: [(task: String, mask: PromptMask)], lengths loadedLengths: [Int]) {
        masks = loaded
        lengths = loadedLengths
        owned = loaded.reduce(PromptMask(count: layout.parameterCount)) { $0.union($1.mask) }
        beginTask()
    }

    /// Share of prompt entries no task owns yet.
    public var freeCapacity: Double { 1 - Double(owned.popcount) / Double(layout.parameterCount) }
}
