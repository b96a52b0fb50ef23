// Exercise 7.3: the mean activations behind a neuron signature (chapter 7, "(c) Activated neurons").
// A signature ranks each block's neurons by how strongly a task's sentences stimulate them on
// average. The average must count what the encoder really read: every token and every shallow
// prompt position, never padding. Stage 7's `--mine` builds every signature from your means.

import ExerciseSupport
import Tensors

/// Mean activation of every encoder neuron, [block][neuron], from what the encoder's
/// `feedForwardObserver` saw while a task's sentences ran through it in batches.
/// - batches[b][l] is encoder block l's activations in batch b, shape [B, S′, W], row-major (row
///   r, position t, neuron n at index (r·S′ + t)·W + n). Every batch has the same blocks and W;
///   B and S′ may differ from batch to batch.
/// - masks[b] is batch b's attention mask: B rows of S entries, 1 for a token, 0 for padding.
///   S′ = promptLength + S: the positions of a shallow prompt come first in every row and always
///   count (promptLength is 0 for a deep prompt, whose prefixes are not positions).
/// - Every counted position of every row adds once, and the mean pools all batches: a batch with
///   more counted positions weighs more (not a mean of batch means). Sum in Double.
/// - No batches: return []. No counted position at all: every mean is 0.
/// Example: one block of 2 neurons, one batch of 2 rows, no prompt, mask [[1, 1], [1, 0]];
/// row 0 holds [1, 2] and [3, 4], row 1 holds [5, 6] and [100, 100] (padding) → [[3, 4]].
/// The tests compare with the kit's `NeuronSignature.meanActivations` on a tiny T5, under a deep
/// and under a shallow prompt.
public func meanNeuronActivations(batches: [[Tensor]], masks: [[[Int]]], promptLength: Int) throws -> [[Double]] {
    // TODO(7.3): replace the next line with your implementation (stuck? `lpt hint 7.3`).
    throw Unimplemented("7.3")
}
