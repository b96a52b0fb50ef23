// Exercise 1.1: the backward of broadcasting (chapter 1, "Broadcasting").
// When an operand of shape `shape` was stretched to `outShape`, each of its elements was used
// once per copy, so its gradient is the sum of the output gradient over those copies.

import ExerciseSupport

/// Sums `grad` (row-major, shape `outShape`) down to `shape`, which broadcasts to `outShape`.
/// Example: a [2, 3] gradient summed to shape [3] adds the two rows; to [2, 1] adds each row.
public func reduceToShape(_ grad: [Float], from outShape: [Int], to shape: [Int]) throws -> [Float] {
    // TODO(1.1): align `shape` on the right of `outShape` (missing leading axes count as 1);
    // walk every output index, map it to the operand's index (use 0 on axes where the operand
    // has size 1), and add grad[i] there.
    throw Unimplemented("1.1")
}
