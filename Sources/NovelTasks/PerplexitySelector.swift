// Selector (a), the one the paper's experiments use (AdapterCL's rule, Madotto et al. 2021): run
// the novel task's examples under each learned lottery prompt θ ⊙ m_i and pick the mask with the
// lowest perplexity. For a seq2seq model the scored tokens must be named (lpt-method §10.6):
// the gold SEL when the task has labels (few-shot), or, label-free (zero-shot), mask i's own
// greedy output, which makes the score "how sure is mask i of its own answer". That label-free
// score favours a mask that is sure of itself on any input (a task with short, regular outputs),
// whether or not the novel task resembles its own; the gold score compares the answers.

import Foundation
import LotteryMasks
import SEL
import T5
import Tensors

extension MaskSelector {
    // snippet.perplexity-selector
    /// Scores are perplexities exp(mean token NLL); the lowest wins.
    public func perplexity(_ examples: [UIEExample], schemas: TaskSchemas) throws -> MaskSelection {
        let batches = try NovelBatches(examples, schemas: schemas, encoder: encoder, batchSize: options.batchSize)
        let scores = try learned().map { task, _ in
            let prompts = lottery.inputs(forTask: task)!   // learned() lists only finished tasks
            return MaskScore(task: task, score: Foundation.exp(try meanNLL(batches, schemas: schemas, prompts: prompts)))
        }
        return try MaskSelection(rule: .lowestPerplexity, scores: scores)
    }

    /// Mean negative log-likelihood per target token over all batches (each token counts once,
    /// so a batch with longer targets weighs more, exactly as one big batch would).
    func meanNLL(_ batches: NovelBatches, schemas: TaskSchemas, prompts: PromptInputs) throws -> Double {
        var total = 0.0, tokens = 0
        for b in batches.sources.indices {
            let targets = options.targets == .gold ? batches.gold[b]
                : greedyTargets(sources: batches.sources[b], texts: batches.texts[b], schemas: schemas, prompts: prompts)
            let batch = SELEncoder.batch(sources: batches.sources[b], targets: targets)
            let count = targets.reduce(0) { $0 + $1.count }
            total += Double(try tokenNLL(batch, prompts: prompts)) * Double(count)
            tokens += count
        }
        return total / Double(tokens)
    }
    // snippet.end

    /// The model's own loss on `batch`: mean NLL over its labelled tokens, with no graph.
    public func tokenNLL(_ batch: T5Batch, prompts: PromptInputs) throws -> Float {
        try teacherForcedNLL(model: model, batch: batch, prompts: prompts)
    }

    /// Mean token NLL of `examples` under any prompt (the selector's score before exp): for
    /// tests and for printing a single mask's value.
    public func meanNLL(_ examples: [UIEExample], schemas: TaskSchemas, prompts: PromptInputs) throws -> Double {
        try meanNLL(NovelBatches(examples, schemas: schemas, encoder: encoder, batchSize: options.batchSize),
                    schemas: schemas, prompts: prompts)
    }
}

/// Mean NLL over `batch`'s labelled tokens under `prompts`, teacher-forced, with no graph.
func teacherForcedNLL(model: T5Model, batch: T5Batch, prompts: PromptInputs) throws -> Float {
    try withNoGrad {
        let encoded = model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
        let logits = model.decode(model.shiftRight(batch.labels), encoder: encoded, prompts: prompts)
        return try model.loss(logits: logits, labels: batch.labels).item
    }
}

/// Gold-target perplexity of `examples` under each of `candidates` (any prompt inputs: AdapterCL
/// scores its adapter sets this way), as a lowest-perplexity selection.
public func perplexitySelection(model: T5Model, vocabulary: Vocabulary, examples: [UIEExample], schemas: TaskSchemas,
                                candidates: [(task: String, prompts: PromptInputs)], batchSize: Int = 16) throws -> MaskSelection {
    guard !candidates.isEmpty else { throw MaskSelectionError.noLearnedMasks }
    let batches = try NovelBatches(examples, schemas: schemas, encoder: SELEncoder(vocabulary: vocabulary), batchSize: batchSize)
    let scores = try candidates.map { task, prompts in
        var total = 0.0, tokens = 0
        for b in batches.sources.indices {
            let batch = SELEncoder.batch(sources: batches.sources[b], targets: batches.gold[b])
            let count = batches.gold[b].reduce(0) { $0 + $1.count }
            total += Double(try teacherForcedNLL(model: model, batch: batch, prompts: prompts)) * Double(count)
            tokens += count
        }
        return MaskScore(task: task, score: Foundation.exp(total / Double(tokens)))
    }
    return try MaskSelection(rule: .lowestPerplexity, scores: scores)
}
