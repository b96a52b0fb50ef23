// Exercise 4.1 (solution): one [1, n, d] view of the prompt, repeated along the batch by concat
// (whose backward sums the copies), then joined in front of the embeddings; the mask gets n ones.

import ExerciseSupport
import Tensors

public func prependPrompt(_ prompt: Tensor, to embeddings: Tensor, attentionMask: [[Int]]) throws
    -> (embeddings: Tensor, attentionMask: [[Int]]) {
    let (n, batch) = (prompt.shape[0], embeddings.shape[0])
    let row = prompt.reshaped([1, n, prompt.shape[1]])                          // [1, n, d]
    let copies = Tensor.concat(Array(repeating: row, count: batch), axis: 0)    // [B, n, d]
    let joined = Tensor.concat([copies, embeddings], axis: 1)                   // [B, n + S, d]
    return (joined, attentionMask.map { Array(repeating: 1, count: n) + $0 })
}
