// Exercise 1.1: the backward of broadcasting (chapter 1, "Broadcasting").
// When an operand of shape `shape` was stretched to `outShape`, each of its elements was used
// once per copy, so its gradient is the sum of the output gradient over those copies.

import ExerciseSupport

/// Sums `grad` back down to the shape of a broadcast operand.
/// - `grad`: row-major values of shape `outShape` (grad.count is the product of outShape).
/// - `shape`: the operand's shape, which broadcasts to `outShape` under NumPy's rule: aligned on
///   the right, each of its axes either 1 or equal to outShape's. It may have fewer axes, or none.
/// - Returns: row-major values of shape `shape` (one value for the empty shape); each entry is
///   the sum of every `grad` entry its element was copied to.
/// Examples, grad [1, 2, 3, 4, 5, 6] of shape [2, 3]: to [3] → [5, 7, 9]; to [2, 1] → [6, 15];
/// to [2, 3] → grad unchanged; to [] → [21]. The tests also compare with the gradient that the
/// library's broadcast `+` gives a [3, 1] operand of a [2, 3, 4] result.
public func reduceToShape(_ grad: [Float], from outShape: [Int], to shape: [Int]) throws -> [Float] {
    // TODO(1.1): replace the next line with your implementation (stuck? `lpt hint 1.1`).
    throw Unimplemented("1.1")
}
