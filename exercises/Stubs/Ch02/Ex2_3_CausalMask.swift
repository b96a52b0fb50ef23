// Exercise 2.3: the causal mask (chapter 2, "Masks").
// Decoder self-attention lets query q see key k only if k ≤ q. The mask is added to the scores,
// so a hidden key gets a score so negative that softmax gives it (numerically) zero weight.

import ExerciseSupport

/// The additive causal mask, row-major [length, length] (row = query, column = key):
/// 0 where key ≤ query, and the most negative finite Float where key > query.
/// Example, length 3: [0, m, m,  0, 0, m,  0, 0, 0] with m = -Float.greatestFiniteMagnitude.
public func causalMask(length: Int) throws -> [Float] {
    // TODO(2.3): start from length·length zeros; for each query row q, set every column k > q
    // to -Float.greatestFiniteMagnitude (about -3.4e38). Not -Float.infinity: the reference adds
    // the most negative finite value, so a row whose keys are all masked gets uniform weights
    // instead of NaN (-∞ - (-∞) is NaN inside softmax).
    throw Unimplemented("2.3")
}
