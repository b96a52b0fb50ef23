// Exercise 1.2: log-softmax backward (chapter 1, "Softmax and cross-entropy").
// The chapter derives softmax's backward from its output alone. Log-softmax, log(softmax(x)), is
// the neighbour that every language-model loss really uses: its backward can also be written from
// its own output, without the inputs.

import ExerciseSupport

/// The gradient with respect to x of y = log-softmax(x), computed from y alone.
/// - `y`: log-softmax values over consecutive rows of `width` entries (y.count is a multiple of
///   `width`; in every row, the exponentials of the entries sum to 1).
/// - `g`: d(loss)/dy, with the same length and layout as `y`.
/// - Returns: d(loss)/dx, same length and layout. Rows are independent.
/// The tests compare with the gradient the library's autodiff gives for `x.softmax().log()` on a
/// [3, 5] input, to within 1e-5, and check a row of very negative log-probabilities stays finite.
public func logSoftmaxBackward(output y: [Float], grad g: [Float], width: Int) throws -> [Float] {
    // TODO(1.2): replace the next line with your implementation (stuck? `lpt hint 1.2`).
    throw Unimplemented("1.2")
}
