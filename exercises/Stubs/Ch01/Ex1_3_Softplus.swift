// Exercise 1.3: a new operation with its gradient (chapter 1, "Checking gradients").
// softplus(x) = log(1 + exp(x)) is a smooth ReLU; its derivative is the sigmoid 1/(1 + exp(-x)).

import ExerciseSupport
import Foundation
import Tensors

/// Elementwise softplus as a graph operation: build the result with
/// `Tensor(result:shape:op:inputs:backward:)` and add the input's gradient in the closure
/// with `x.accumulateGrad(_:)`. Check yourself with `GradientCheck.check([x]) { softplus(x).sum() }`.
public func softplus(_ x: Tensor) throws -> Tensor {
    // TODO(1.3): compute log(1 + exp(v)) for every element (for large v, exp overflows:
    // use max(v, 0) + log(1 + exp(-|v|)), which is the same number); in the backward
    // closure multiply each incoming gradient by sigmoid(v).
    throw Unimplemented("1.3")
}
