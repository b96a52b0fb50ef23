// Exercise 2.4: one attention head with a position bias (chapter 2, "Attention").
// T5 scores are q·kᵀ plus an additive bias (relative position bias and mask), with no 1/√d
// scaling: the scale is folded into the initialization of the query projection.

import ExerciseSupport
import Tensors

/// softmax(query·keyᵀ + bias)·value, where query is [Sq, dKV], key and value are [Sk, dKV] and
/// bias is [Sq, Sk]; the result is [Sq, dKV]. Build it from Tensor operations so that backward()
/// reaches all four inputs (check yourself with GradientCheck.check([query, key, value, bias])).
public func attentionHead(query: Tensor, key: Tensor, value: Tensor, bias: Tensor) throws -> Tensor {
    // TODO(2.4): three Tensor operations and an addition:
    // 1. scores [Sq, Sk] = query times key transposed (matmul has a transposeOther: parameter);
    // 2. add the bias (do not divide by √dKV: T5 has no scaling);
    // 3. softmax over the last axis (the keys), then multiply the weights by value.
    // Do not copy .data into new Tensors: that cuts the graph and the gradients vanish.
    throw Unimplemented("2.4")
}
