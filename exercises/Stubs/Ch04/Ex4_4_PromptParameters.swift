// Exercise 4.4: count what a prompt trains (chapter 4, "One tensor for the whole prompt").
// Prompt tuning's selling point is how little it trains. The count follows from the backbone's
// configuration alone; the share compares it with the frozen backbone's N floats.

import ExerciseSupport
import T5

/// Trainable floats of a shallow and of a deep prompt of `length` positions on a backbone with
/// `config`, and each as a percentage of `backboneParameters` (N, as T5Model.parameterCount counts it).
/// - Shallow: one input vector per position, where the token embeddings live.
/// - Deep: one key and one value vector per position in every encoder self-attention and every
///   decoder self-attention (no cross-attention), where keys and values live after the projection.
///   The decoder may have a different number of layers from the encoder, and heads·d_kv need not
///   equal d_model: the tests use d_model 16 with 3 heads of 5, and 2 encoder but 3 decoder layers.
/// - Percentages are 100·count / N, as Doubles.
/// Example (the tests' figures: d_model 128, 4 heads × 32, 2 + 2 layers, N = 1,260,160), length 20:
/// shallow 2,560 (0.203%), deep 20,480 (1.625%).
public func promptParameterCounts(config: T5Config, length: Int, backboneParameters: Int) throws
    -> (shallow: Int, deep: Int, shallowPercent: Double, deepPercent: Double) {
    // TODO(4.4): replace the next line with your implementation (stuck? `lpt hint 4.4`).
    throw Unimplemented("4.4")
}
