// Exercise 2.3: a prefix-LM mask with padding (chapter 2, "Masks, the causal decoder and cross-attention").
// T5's encoder sees the whole input, its decoder only the past. A prefix LM (Raffel et al. 2020)
// mixes the two in one stack: fully visible over a prefix, causal after it. With a prefix of the
// whole row it is the encoder's mask, with no prefix the decoder's.

import ExerciseSupport

/// The additive self-attention mask of a prefix LM over a padded batch.
/// - `attentionMask`: B rows of one length T; 1 marks a real token, 0 padding. A padded key is
///   hidden from every query; a padded query still gets a row, computed like any other.
/// - `prefixLengths`: B counts, one per row, each ≥ 0 and possibly above T (then the whole row
///   is prefix). Every query sees every real key of its row's prefix; after the prefix, a query
///   sees the real keys at its own position and before it, as in the causal decoder.
/// - Returns B·T·T values, row-major [B, 1, T, T] (the layout of attention's `mask`): entry
///   (b, q, k) is 0 when query q of row b sees key k, and -Float.greatestFiniteMagnitude when
///   it does not, exactly that value even when a key is hidden for two reasons. Every entry is
///   finite, so a row with no visible key gets uniform weights from softmax, not NaN.
/// Example: attentionMask [[1, 1, 1, 0]], prefixLengths [2] → rows [0, 0, m, m], [0, 0, m, m],
/// [0, 0, 0, m], [0, 0, 0, m], with m = -Float.greatestFiniteMagnitude. An empty batch gives [].
/// The tests compare prefix 0 (and 1) with the decoder's traced causal bias, a whole-row prefix
/// with the encoder's key mask for a padded batch, and check hand-made rows and softmax weights.
public func prefixLMMask(prefixLengths: [Int], attentionMask: [[Int]]) throws -> [Float] {
    // TODO(2.3): replace the next line with your implementation (stuck? `lpt hint 2.3`).
    throw Unimplemented("2.3")
}
