// Exercise 2.2: RMS normalization as T5 defines it (chapter 2, "The encoder: RMSNorm and pre-norm residual blocks").
// T5's "layer norm" divides each row by its root mean square: no mean is subtracted, there is no
// bias, eps sits inside the square root, and the learned weight multiplies last.

import ExerciseSupport
import Foundation

/// y_j = weight_j · x_j / √(mean of the row's x² + eps), row by row (chapter 1, "RMSNorm, as T5
/// uses it", has the formula).
/// - `x`: rows of `weight.count` consecutive values (x.count is a multiple of weight.count).
/// - Returns an array of x.count values. No mean subtraction, no bias, eps inside the root;
///   a row of zeros stays exactly zeros.
/// Examples: x [3, 4], weight [1, 2], eps 0 → [0.8485281, 2.2627417]; x [1, 1, 1, 1], weight
/// all 1, eps 3 → [0.5, 0.5, 0.5, 0.5]. The tests also compare with the library's
/// `rmsNorm(weight:eps:)` on random rows with a non-zero mean, to a relative 1e-5.
public func t5RMSNorm(_ x: [Float], weight: [Float], eps: Float) throws -> [Float] {
    // TODO(2.2): replace the next line with your implementation (stuck? `lpt hint 2.2`).
    throw Unimplemented("2.2")
}
