// A token-wise prompt (chapter 9): for each example, the k bank slots its input retrieves, in
// bank order, as k input vectors before the input embeddings, which is where TPT places them;
// then a task prompt. TPT's task prompt is n more input vectors. The kit's default task prompt
// is deep instead (chapter 4's key/value prefix in every layer), because on the tiny backbone
// a shallow prompt learns little in low data: see TokenPromptOptions.placement. The retrieved
// part differs from row to row of a batch, so it reaches the model through the per-row form of
// stage 2's input-prompt hook ([B, k, d], or [B, k+n, d] with a shallow task prompt).
//
// Training: the task prompt always trains; the bank trains while the source tasks build it and,
// in the arm that re-tunes it per task (what the official code does), on each target task too.
// Gradients reach only the rows an example retrieved (the gather in `PromptBank.rows`).

import ContinualLoop
import SEL
import SoftPrompts
import T5
import Tensors

// snippet.token-wise-prompt
public final class TokenWisePrompt: TunablePrompt {
    public let model: T5Model
    public let bank: PromptBank
    /// The task's own prompt, shallow or deep, or nil for retrieved vectors alone.
    public let taskPrompt: SoftPrompt?
    /// Slots each example reads.
    public let k: Int
    public var pooling: QueryPooling
    public var choice: SlotChoice
    /// Subtracted from every query before it is scored (the centred-query ablation), or nil (TPT).
    public var centre: [Float]?
    /// The input positions the prompt adds: k retrieved, plus n with a shallow task prompt.
    public let layout: PromptLayout
    /// Draws the slots of `SlotChoice.random`; seeded, so a run is repeatable.
    var rng: SeededGenerator

    public init(model: T5Model, bank: PromptBank, taskPrompt: SoftPrompt?, k: Int,
                pooling: QueryPooling = .max, choice: SlotChoice = .topK, seed: UInt64 = 1) {
        precondition(1 <= k && k <= bank.size, "k (\(k)) must be between 1 and the bank size (\(bank.size))")
        (self.model, self.bank, self.taskPrompt, self.k, self.pooling, self.choice) = (model, bank, taskPrompt, k, pooling, choice)
        let shallowTask = taskPrompt.map { $0.layout.placement == .shallow ? $0.layout.length : 0 } ?? 0
        layout = PromptLayout(.shallow, for: model.config, length: k + shallowTask)
        rng = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ 17)
    }

    /// Each row's slots: top-k by the pooled query, or k at random.
    public func retrieve(ids: [[Int]], mask: [[Int]]?) -> [[Int]] {
        switch choice {
        case .random:
            return ids.map { _ in Retrieval.randomSlots(size: bank.size, k: k, rng: &rng) }
        case .topK:
            var queries = Retrieval.queries(table: model.shared, ids: ids, mask: mask, pooling: pooling)
            if let centre { queries = queries.map { zip($0, centre).map { $0 - $1 } } }
            return queries.map { Retrieval.topK(Retrieval.scores(query: $0, bank: bank), k: k) }
        }
    }

    /// Row b's retrieved vectors as a per-row input prompt [B, k, d], and the task prompt: a deep
    /// one adds its prefixes to every layer (the same for every row); a shallow one follows the
    /// retrieved vectors in each row ([B, k + n, d]).
    public func promptInputs(slots: [[Int]]) -> PromptInputs {
        let retrieved = bank.rows(slots)
        guard var inputs = taskPrompt?.promptInputs() else { return PromptInputs(inputPrompt: retrieved) }
        if let shallow = inputs.inputPrompt {
            let (n, d) = (shallow.shape[0], shallow.shape[1])
            let repeated = shallow.reshaped([1, n, d]) + Tensor.zeros([slots.count, 1, 1])   // broadcast to [B, n, d]
            inputs.inputPrompt = Tensor.concat([retrieved, repeated], axis: 1)
        } else {
            inputs.inputPrompt = retrieved
        }
        return inputs
    }

    public func promptInputs(for batch: T5Batch) -> PromptInputs {
        promptInputs(slots: retrieve(ids: batch.inputIDs, mask: batch.attentionMask))
    }
    // snippet.end

    /// Without an input there is nothing to retrieve with: the first k slots and the task prompt.
    /// Nothing in this stage scores through it (`TokenPromptScoring` retrieves per example);
    /// it exists because every tunable must answer it.
    public func promptInputs() -> PromptInputs {
        let first = bank.values.slice(axis: 0, 0..<k)   // [k, d]: one prompt for every row
        guard var inputs = taskPrompt?.promptInputs() else { return PromptInputs(inputPrompt: first) }
        inputs.inputPrompt = inputs.inputPrompt.map { Tensor.concat([first, $0], axis: 0) } ?? first
        return inputs
    }

    public func parameterGroups(learningRate: Float) -> [ParameterGroup] {
        var groups: [ParameterGroup] = []
        if let taskPrompt { groups.append(ParameterGroup(name: "task-prompt", tensors: [taskPrompt.values], learningRate: learningRate)) }
        if bank.trainable { groups.append(ParameterGroup(name: "prompt-bank", tensors: [bank.values], learningRate: learningRate)) }
        return groups
    }
    public func prepareGradients() {}
    public var state: [(name: String, tensor: Tensor)] {
        [("bank", bank.values)] + (taskPrompt.map { [("task-prompt", $0.values)] } ?? [])
    }

    /// Trained per task, and stored per task beyond what all tasks share.
    public var trainedParameters: Int { (taskPrompt?.values.count ?? 0) + (bank.trainable ? bank.values.count : 0) }
}
