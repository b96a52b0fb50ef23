// Exercise 2.4: one attention head with a position bias (chapter 2, "Attention without the square root").
// T5 scores are q·kᵀ plus an additive bias (relative position bias and mask), with no 1/√d
// scaling: the scale is folded into the initialization of the query projection.

import ExerciseSupport
import Tensors

/// softmax(query·keyᵀ + bias)·value for one head, with the softmax over the keys.
/// - query is [Sq, dKV]; key and value are [Sk, dKV]; bias is [Sq, Sk] and is added to the
///   scores as it is (it may hold -Float.greatestFiniteMagnitude for masked keys).
/// - No 1/√dKV scaling. The result is [Sq, dKV].
/// - Differentiable in all four inputs: build it from Tensor operations so that backward()
///   reaches query, key, value and bias (a Tensor rebuilt from `.data` cuts the graph).
/// The tests compare values with plain loops, use a causal bias (query 0 sees only key 0, so its
/// output row is value's row 0), run GradientCheck.check([query, key, value, bias]) and require
/// a non-zero gradient in each of the four.
public func attentionHead(query: Tensor, key: Tensor, value: Tensor, bias: Tensor) throws -> Tensor {
    // TODO(2.4): replace the next line with your implementation (stuck? `lpt hint 2.4`).
    throw Unimplemented("2.4")
}
