// Exercise 2.4 (solution): softmax(q·kᵀ + bias)·v from differentiable Tensor operations.

import ExerciseSupport
import Tensors

public func attentionHead(query: Tensor, key: Tensor, value: Tensor, bias: Tensor) throws -> Tensor {
    let scores = query.matmul(key, transposeOther: true) + bias   // [Sq, Sk], no 1/√dKV
    return scores.softmax().matmul(value)                           // [Sq, dKV]
}
