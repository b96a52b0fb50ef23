// Exercise 5.3: gradient isolation (chapter 5, "Gradient isolation").
// Entries of the shared prompt that an earlier task selected (the union of the learned masks)
// are read by the current task but never updated. That is why an earlier task computes exactly
// what it computed when it was learned: backward transfer is 0, not just small.

import ExerciseSupport
import LotteryMasks

/// `gradient` (one entry per prompt entry) with every entry set in `owned` replaced by exactly 0;
/// the other entries are returned unchanged, bit for bit.
/// - Owned entries come out 0 even where the gradient is ∞, -∞ or NaN (the tests feed those):
///   a NaN reaching Adam would move an entry that an earlier task depends on.
/// - Fed to a fresh Adam without weight decay, the result leaves every owned entry bit-identical
///   however many steps are taken, while every free entry moves; the tests check both, and
///   compare with `LotteryPrompt.prepareGradients`.
/// Example: gradient [0.5, -1, 2, 3], owned [true, false, false, true] → [0, -1, 2, 0].
public func isolateGradient(_ gradient: [Float], owned: PromptMask) throws -> [Float] {
    // TODO(5.3): replace the next line with your implementation (stuck? `lpt hint 5.3`).
    throw Unimplemented("5.3")
}
