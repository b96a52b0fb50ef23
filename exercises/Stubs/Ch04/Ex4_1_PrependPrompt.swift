// Exercise 4.1: prepend a shallow prompt (chapter 4, "Shallow prompts").
// A shallow prompt is n trainable vectors that the encoder reads as if they were the embeddings
// of n extra words written in front of every input. The attention mask must let every token see them.

import ExerciseSupport
import Tensors

/// `embeddings` [B, S, d] with `prompt` [n, d] in front of every row, [B, n + S, d], and
/// `attentionMask` (B rows of S zeros and ones) with n ones in front of every row.
/// The result must be differentiable with respect to the prompt. Every row reads the same n
/// vectors, so the prompt's gradient is the sum over the batch of the gradients at positions 0..<n.
/// Example: B = 2, S = 3, n = 2, mask [[1, 1, 1], [1, 1, 0]] → embeddings [2, 5, d] and
/// mask [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]].
public func prependPrompt(_ prompt: Tensor, to embeddings: Tensor, attentionMask: [[Int]]) throws
    -> (embeddings: Tensor, attentionMask: [[Int]]) {
    // TODO(4.1): two steps.
    // 1. Give the prompt a batch axis of size 1 ([1, n, d]) and repeat it B times along axis 0.
    //    Tensor.concat of the same tensor B times does that, and its backward adds every copy's
    //    gradient into the one prompt. Then join [prompt copies, embeddings] along axis 1.
    // 2. Put n ones in front of every mask row: prompt positions are never padding.
    // Use Tensor operations only: a new Tensor made from .data cuts the graph, and the prompt
    // would never learn.
    throw Unimplemented("4.1")
}
