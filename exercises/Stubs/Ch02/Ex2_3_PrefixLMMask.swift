// Exercise 2.3: the causal mask (chapter 2, "Masks, the causal decoder and cross-attention").
// Decoder self-attention lets query q see key k only if k ≤ q. The mask is added to the scores,
// so a hidden key gets a score so negative that softmax gives it (numerically) zero weight.

import ExerciseSupport

/// The additive causal mask, row-major [length, length] (row = query, column = key):
/// 0 where key ≤ query, and -Float.greatestFiniteMagnitude where key > query.
/// - Every entry is finite: with -Float.infinity a row whose keys are all masked would turn into
///   NaN inside softmax (-∞ - (-∞)); the finite value gives it uniform weights, as the reference.
/// Examples: length 1 → [0]; length 3 → [0, m, m,  0, 0, m,  0, 0, 0] with
/// m = -Float.greatestFiniteMagnitude. The tests check lengths 1 to 7 and that your mask plus the
/// unidirectional position bias equals the decoder's traced self-attention bias.
public func causalMask(length: Int) throws -> [Float] {
    // TODO(2.3): replace the next line with your implementation (stuck? `lpt hint 2.3`).
    throw Unimplemented("2.3")
}
