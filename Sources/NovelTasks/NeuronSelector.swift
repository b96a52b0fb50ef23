// Selector (c), from prompt transferability (Su et al. 2022): a prompt transfers well to a task
// when it makes the model use the same neurons. For each learned mask i, run the novel task's
// examples under θ ⊙ m_i, take their neuron signature, and compare it (Jaccard) with the
// signature task i's own data had under m_i when task i finished. The highest overlap wins:
// the novel data "looks like" task i's data to the model under task i's own prompt. Unlike the
// other two selectors it needs no decoding and no targets, but it needs the stored signatures.
// Caveat: a prompt that dominates the activations (large prefix entries pull every query's
// attention) gives nearly the same signature for any input, so its overlap is high for every
// novel task; on the tests' tiny model this happened after long tuning at a high rate.

import SEL
import T5

extension MaskSelector {
    // snippet.neuron-selector
    public func neurons(_ examples: [UIEExample], schemas: TaskSchemas,
                        signatures: [String: NeuronSignature]) throws -> MaskSelection {
        let masks = try learned()
        for (task, _) in masks where signatures[task] == nil { throw MaskSelectionError.missingSignature(task: task) }
        let scores = try masks.map { task, _ in
            let stored = signatures[task]!
            let novel = try NeuronSignature.record(model: model, vocabulary: encoder.vocabulary,
                                                   prompts: lottery.inputs(forTask: task)!, examples: examples,
                                                   schemas: schemas, fraction: options.neuronFraction,
                                                   batchSize: options.batchSize)
            guard (stored.width, stored.blocks) == (novel.width, novel.blocks) else {
                throw MaskSelectionError.signatureShape(task: task, stored: [stored.blocks, stored.width],
                                                        model: [novel.blocks, novel.width])
            }
            return MaskScore(task: task, score: novel.overlap(stored))
        }
        return try MaskSelection(rule: .highestOverlap, scores: scores)
    }
    // snippet.end
}
