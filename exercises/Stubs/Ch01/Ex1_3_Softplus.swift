// Exercise 1.3: a new operation with its gradient (chapter 1, "Checking gradients").
// softplus(x) = log(1 + exp(x)) is a smooth ReLU; its derivative is the sigmoid 1/(1 + exp(-x)).

import ExerciseSupport
import Foundation
import Tensors

/// Elementwise softplus as a differentiable graph operation.
/// - Returns: a tensor of x's shape holding log(1 + eᵛ) for every element v, recorded in the
///   graph with `x` as its input (see `Tensor(result:shape:op:inputs:backward:)`), so that
///   `backward()` adds d(loss)/dx into `x.grad` through `x.accumulateGrad(_:)`.
/// - Values stay finite and accurate for large |v|: eᵛ alone overflows Float above v ≈ 88.
///   The tests include −30 (→ 0) and 40 (→ 40), to within 1e-5.
/// - The gradient must pass `GradientCheck.check` on the sum of softplus(x) (the library's
///   default tolerance), with a largest analytic gradient above 0.5.
public func softplus(_ x: Tensor) throws -> Tensor {
    // TODO(1.3): replace the next line with your implementation (stuck? `lpt hint 1.3`).
    throw Unimplemented("1.3")
}
