// Exercise 2.2: RMS normalization as T5 defines it (chapter 2, "RMSNorm").
// T5's "layer norm" divides each row by its root mean square: no mean is subtracted, there is no
// bias, eps sits inside the square root, and the learned weight multiplies last.

import ExerciseSupport
import Foundation

/// y_i = w_i · x_i / √(mean_j(x_j²) + eps) for each row of `x`, a row being `weight.count`
/// consecutive values (so `x.count` is a multiple of `weight.count`). Returns an array of x.count.
/// Example: x = [3, 4], weight = [1, 2], eps = 0 → mean of squares 12.5, y = [0.8485, 2.2627].
public func t5RMSNorm(_ x: [Float], weight: [Float], eps: Float) throws -> [Float] {
    // TODO(2.2): for each row (stride by weight.count through x):
    // 1. sum the squares of the row's values (in Float) and divide by the row width;
    // 2. inv = 1 / (that mean + eps).squareRoot() — eps goes inside the root;
    // 3. write x_j · inv · weight[j] for every j of the row.
    // Do not subtract the mean: that would be LayerNorm, not T5's RMSNorm.
    throw Unimplemented("2.2")
}
