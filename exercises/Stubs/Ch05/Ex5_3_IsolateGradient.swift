// Exercise 5.3: gradient isolation (chapter 5, "Gradient isolation").
// Entries of the shared prompt that an earlier task selected (the union of the learned masks)
// are read by the current task but never updated. That is why an earlier task computes exactly
// what it computed when it was learned: backward transfer is 0, not just small.

import ExerciseSupport
import LotteryMasks

/// `gradient` (one entry per prompt entry) with every entry set in `owned` replaced by 0; the
/// other entries are returned unchanged. Fed to a fresh Adam without weight decay, this leaves
/// every owned entry bit-identical, however many steps are taken.
/// Example: gradient [0.5, -1, 2, 3], owned [true, false, false, true] → [0, -1, 2, 0].
public func isolateGradient(_ gradient: [Float], owned: PromptMask) throws -> [Float] {
    // TODO(5.3): copy the gradient and write 0 at every j where owned[j] is true (the mask's
    // subscript reads bit j % 64 of word j / 64). Write the zero; do not multiply by (1 - m):
    // a gradient that overflowed to ∞ or NaN times 0 is NaN, and Adam would then write NaN into
    // an entry an earlier task depends on. A faster loop skips words of owned.words that are 0.
    throw Unimplemented("5.3")
}
