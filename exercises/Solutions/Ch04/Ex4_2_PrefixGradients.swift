// Exercise 4.2 (solution): rebuild the forward's weights, push outputGrad back through the
// weighted sum and through one softmax over all n + Sk columns, then keep the prefix columns:
// dValues = Wᵀ·G, dW = G·Valuesᵀ, dS = W ⊙ (dW − rowsum(W ⊙ dW)), dPrefixKey = dS_prefixᵀ·Q.

import ExerciseSupport
import Tensors

public func prefixGradients(query: Tensor, key: Tensor, value: Tensor, bias: Tensor,
                            prefixKey: Tensor, prefixValue: Tensor, outputGrad: Tensor) throws
    -> (key: Tensor, value: Tensor) {
    let n = prefixKey.shape[0]
    // The forward's weights: prefix columns first, bias on the sequence's columns only.
    let scores = Tensor.concat([query.matmul(prefixKey, transposeOther: true),
                                query.matmul(key, transposeOther: true) + bias], axis: 1)   // [Sq, n + Sk]
    let weights = scores.softmax()
    let values = Tensor.concat([prefixValue, value], axis: 0)                           // [n + Sk, dKV]
    // Back through the weighted sum, then through the softmax, row by row.
    let dWeights = outputGrad.matmul(values, transposeOther: true)                      // [Sq, n + Sk]
    let dScores = weights * (dWeights - (weights * dWeights).sum(axis: 1, keepDims: true))
    // The prefix's columns: its values were weighted by them, its keys scored against the queries.
    let prefixWeights = weights.slice(axis: 1, 0..<n), prefixScores = dScores.slice(axis: 1, 0..<n)
    return (key: prefixScores.matmul(query, transposeSelf: true),                       // [n, dKV]
            value: prefixWeights.matmul(outputGrad, transposeSelf: true))               // [n, dKV]
}
