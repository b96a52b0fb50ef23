// A token-wise prompt (chapter 9): for each example, the k bank slots its input retrieves, in
// bank order, then a task prompt of n vectors; k + n shallow vectors before the input
// embeddings, as TPT's second stage places them. The prompt differs from row to row of a batch,
// so it reaches the model through the per-row form of stage 2's input-prompt hook ([B, k+n, d]).
//
// Training: the task prompt always trains; the bank trains while the source tasks build it and,
// in the arm that re-tunes it per task (what the official code does), on each target task too.
// Gradients reach only the rows an example retrieved (the gather in `PromptBank.rows`).

import ContinualLoop
import SEL
import SoftPrompts
import T5
import Tensors

// draft.snippet.token-wise-prompt
public final class TokenWisePrompt: TunablePrompt {
    public let model: T5Model
    public let bank: PromptBank
    /// [n, d_model], or nil for retrieved vectors alone.
    public let taskPrompt: Tensor?
    /// Slots each example reads.
    public let k: Int
    public var pooling: QueryPooling
    public var choice: SlotChoice
    /// What the model sees: k + n shallow positions.
    public let layout: PromptLayout
    /// Draws the slots of `SlotChoice.random`; seeded, so a run is repeatable.
    var rng: SeededGenerator

    public init(model: T5Model, bank: PromptBank, taskPrompt: [Float]?, taskPromptLength: Int, k: Int,
                pooling: QueryPooling = .max, choice: SlotChoice = .topK, seed: UInt64 = 1) {
        precondition(1 <= k && k <= bank.size, "k (\(k)) must be between 1 and the bank size (\(bank.size))")
        let d = model.config.dModel
        precondition(taskPrompt == nil || taskPrompt!.count == taskPromptLength * d, "task prompt needs \(taskPromptLength) × \(d) values")
        (self.model, self.bank, self.k, self.pooling, self.choice) = (model, bank, k, pooling, choice)
        self.taskPrompt = taskPrompt.map { Tensor($0, shape: [taskPromptLength, d], requiresGrad: true) }
        self.taskPrompt?.name = "task-prompt"
        layout = PromptLayout(.shallow, for: model.config, length: k + (taskPrompt == nil ? 0 : taskPromptLength))
        rng = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ 17)
    }

    /// Each row's slots: top-k by the pooled query, or k at random.
    public func retrieve(ids: [[Int]], mask: [[Int]]?) -> [[Int]] {
        switch choice {
        case .random:
            return ids.map { _ in Retrieval.randomSlots(size: bank.size, k: k, rng: &rng) }
        case .topK:
            let queries = Retrieval.queries(table: model.shared, ids: ids, mask: mask, pooling: pooling)
            return queries.map { Retrieval.topK(Retrieval.scores(query: $0, bank: bank), k: k) }
        }
    }

    /// The per-row prompt [B, k + n, d]: retrieved rows, then the task prompt repeated per row.
    public func promptInputs(slots: [[Int]]) -> PromptInputs {
        var rows = bank.rows(slots)
        if let taskPrompt {
            let (n, d) = (taskPrompt.shape[0], taskPrompt.shape[1])
            let repeated = taskPrompt.reshaped([1, n, d]) + Tensor.zeros([slots.count, 1, 1])   // broadcast to [B, n, d]
            rows = Tensor.concat([rows, repeated], axis: 1)
        }
        return PromptInputs(inputPrompt: rows)
    }

    public func promptInputs(for batch: T5Batch) -> PromptInputs {
        promptInputs(slots: retrieve(ids: batch.inputIDs, mask: batch.attentionMask))
    }
    // draft.snippet.end

    /// Without an input there is nothing to retrieve with: the first k slots and the task prompt.
    /// Nothing in this stage scores through it (`TokenPromptScoring` retrieves per example);
    /// it exists because every tunable must answer it.
    public func promptInputs() -> PromptInputs {
        var rows = bank.values.slice(axis: 0, 0..<k)
        if let taskPrompt { rows = Tensor.concat([rows, taskPrompt], axis: 0) }
        return PromptInputs(inputPrompt: rows)
    }

    public func parameterGroups(learningRate: Float) -> [ParameterGroup] {
        var groups: [ParameterGroup] = []
        if let taskPrompt { groups.append(ParameterGroup(name: "task-prompt", tensors: [taskPrompt], learningRate: learningRate)) }
        if bank.trainable { groups.append(ParameterGroup(name: "prompt-bank", tensors: [bank.values], learningRate: learningRate)) }
        return groups
    }
    public func prepareGradients() {}
    public var state: [(name: String, tensor: Tensor)] {
        [("bank", bank.values)] + (taskPrompt.map { [("task-prompt", $0)] } ?? [])
    }

    /// Trained per task, and stored per task beyond what all tasks share.
    public var trainedParameters: Int { (taskPrompt?.count ?? 0) + (bank.trainable ? bank.values.count : 0) }
}
