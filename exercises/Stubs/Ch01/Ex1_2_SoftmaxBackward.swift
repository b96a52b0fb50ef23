// Exercise 1.2: softmax backward (chapter 1, "Softmax and cross-entropy").
// Softmax's Jacobian is diag(y) - y·yᵀ, so the gradient never needs the inputs, only the output.

import ExerciseSupport

/// Given y = softmax(x) over rows of length `width` and the gradient g = d(loss)/dy,
/// returns d(loss)/dx, row by row.
public func softmaxBackward(output y: [Float], grad g: [Float], width: Int) throws -> [Float] {
    // TODO(1.2): for each row, compute dot = Σ_j g_j·y_j, then dx_i = y_i·(g_i - dot).
    throw Unimplemented("1.2")
}
