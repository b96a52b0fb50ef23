// Exercise 4.2 (solution): bias and mask on the sequence's scores first, then the prefix's
// columns joined in front, one softmax over all n + Sk keys, values joined in the same order.

import ExerciseSupport
import Tensors

public func prefixAttention(query: Tensor, key: Tensor, value: Tensor, bias: Tensor,
                            prefixKey: Tensor, prefixValue: Tensor) throws -> Tensor {
    let sequence = query.matmul(key, transposeOther: true) + bias          // [Sq, Sk]
    let prefix = query.matmul(prefixKey, transposeOther: true)             // [Sq, n]: no bias, no mask
    let weights = Tensor.concat([prefix, sequence], axis: 1).softmax()     // [Sq, n + Sk]
    return weights.matmul(Tensor.concat([prefixValue, value], axis: 0))    // [Sq, dKV]
}
