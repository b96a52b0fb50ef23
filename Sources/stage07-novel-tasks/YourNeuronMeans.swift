// stage07 --mine: exercise 7.3's mean activations, inside the neuron selector. Every neuron
// signature of the ablation (each learned task's stored one and the novel task's under each mask)
// is cut from means the learner's code takes over what the encoder's feed-forward blocks emitted.
// Before that, the learner's means must equal the kit's on the run's own backbone.

import ContinualLoop
import Exercises07
import ExerciseSupport
import Foundation
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors

/// Why the learner's means were refused.
struct MeansDisagreement: Error, CustomStringConvertible {
    let description: String
}

/// Checks the learner's `meanNeuronActivations` by hand and against `NeuronSignature.meanActivations`
/// on `learner`'s backbone: `examples` in batches of 2 (so rows get padding), under the first learned
/// mask (a deep prompt) and under a random shallow prompt of 3 positions. Returns the cases checked.
func checkYourNeuronMeans(learner: LotteryLearner, examples: [UIEExample], schemas: TaskSchemas) throws -> Int {
    // By hand: the contract's example; a shallow prompt's position counts even in a padded row;
    // two batches pool their positions; no batches at all.
    let one = Tensor([1, 2, 3, 4, 5, 6, 100, 100], shape: [2, 2, 2])
    let byHand: [([[Tensor]], [[[Int]]], Int, [[Double]])] = [
        ([[one]], [[[1, 1], [1, 0]]], 0, [[3, 4]]),
        // A prompt position, then one token: row 0's token is padding, row 1's is not.
        ([[Tensor([1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2])]], [[[0], [1]]], 1, [[13.0 / 3, 16.0 / 3]]),
        // Four positions pooled (a mean of the two batch means would give 2.5 for the first neuron).
        ([[Tensor([2, 4], shape: [1, 1, 2])], [one]], [[[1]], [[1, 1], [1, 0]]], 0, [[2.75, 4]]),
        ([], [], 0, []),
    ]
    for (batches, masks, promptLength, expected) in byHand {
        let yours = try meanNeuronActivations(batches: batches, masks: masks, promptLength: promptLength)
        let close = yours.count == expected.count && zip(yours, expected).allSatisfy { a, b in
            a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
        }
        guard close else {
            throw MeansDisagreement(description: "for masks \(masks) and prompt length \(promptLength) your means are \(yours), the contract's \(expected)")
        }
    }
    // On the backbone, as the selector runs it.
    let encoder = SELEncoder(vocabulary: learner.vocabulary)
    let prefix = SchemaPrompt(recordSchema: schemas.record).evaluationPrefix()
    let sources = stride(from: 0, to: examples.count, by: 2).map { start in
        examples[start..<min(start + 2, examples.count)].map { encoder.source(prefix: prefix, text: $0.text) }
    }
    var rng = SeededGenerator(seed: 73)
    let shallow = PromptLayout(.shallow, for: learner.model.config, length: 3)
    let prompts: [(String, PromptInputs)] = [
        ("the mask of \(learner.lottery.masks[0].task) (deep)", learner.lottery.inputs(forTask: learner.lottery.masks[0].task)!),
        ("a random shallow prompt of 3 positions", shallow.inputs(Tensor.normal(shallow.shape, std: 1, rng: &rng))),
    ]
    for (name, inputs) in prompts {
        var batches: [[Tensor]] = [], masks: [[[Int]]] = []
        for rows in sources {
            let batch = SELEncoder.batch(sources: rows, targets: [[0]])
            var observed: [Tensor] = []
            var hooked = inputs
            hooked.feedForwardObserver = { stack, _, activations in
                if stack == .encoder { observed.append(Tensor(activations.data, shape: activations.shape)) }
            }
            _ = withNoGrad { learner.model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: hooked) }
            batches.append(observed)
            masks.append(batch.attentionMask ?? batch.inputIDs.map { $0.map { _ in 1 } })
        }
        let kit = try NeuronSignature.meanActivations(model: learner.model, sources: sources, prompts: inputs)
        let yours = try meanNeuronActivations(batches: batches, masks: masks, promptLength: inputs.inputPrompt?.shape[0] ?? 0)
        guard yours.count == kit.count, zip(yours, kit).allSatisfy({ $0.count == $1.count }) else {
            throw MeansDisagreement(description: "under \(name) your means have \(yours.map(\.count)) neurons per block, the encoder \(kit.map(\.count))")
        }
        let worst = zip(yours.joined(), kit.joined()).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        // Float noise only: the same product can round differently in its last bit from one call to the next.
        guard worst <= 1e-6 else {
            throw MeansDisagreement(description: "under \(name) your means differ from the kit's by up to \(worst) (relative)")
        }
    }
    return byHand.count + prompts.count
}
