// Exercise 4.4: count what a prompt trains (chapter 4, "How many parameters?").
// Prompt tuning's selling point is how little it trains. The count follows from the backbone's
// configuration alone; the share compares it with the frozen backbone's N floats.

import ExerciseSupport
import T5

/// Trainable floats of a shallow and of a deep prompt of `length` positions on a backbone with
/// `config`, and each as a percentage of `backboneParameters` (N, as T5Model.parameterCount counts it).
/// Shallow: one input vector per position. Deep: one key and one value vector per position in
/// every encoder self-attention and every decoder self-attention (no cross-attention).
/// Example: the kit backbone (d_model 128, 4 heads × 32, 2 + 2 layers, N = 1,260,160), length 20:
/// shallow 2,560 (0.203%), deep 20,480 (1.625%).
public func promptParameterCounts(config: T5Config, length: Int, backboneParameters: Int) throws
    -> (shallow: Int, deep: Int, shallowPercent: Double, deepPercent: Double) {
    // TODO(4.4): a shallow vector lives where embeddings live, so its width is d_model. A deep
    // prefix lives where keys and values live, after the projection: its width is heads·d_kv,
    // which need not equal d_model. Count the layers of both stacks; the decoder's count can
    // differ from the encoder's (T5Config has a property for it). Percent = 100·count / N in Double.
    throw Unimplemented("4.4")
}
