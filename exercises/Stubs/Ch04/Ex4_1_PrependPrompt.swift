// Exercise 4.1: prepend a shallow prompt (chapter 4, "Shallow: vectors before the input").
// A shallow prompt is n trainable vectors that the encoder reads as if they were the embeddings
// of n extra words written in front of every input. The attention mask must let every token see them.

import ExerciseSupport
import Tensors

/// `embeddings` [B, S, d] with `prompt` [n, d] in front of every row, [B, n + S, d], and
/// `attentionMask` (B rows of S zeros and ones) with n ones in front of every row.
/// - Differentiable in both tensors: every row reads the same n vectors, so the prompt's gradient
///   is the sum over the batch of the gradients at positions 0..<n, and the embeddings get the
///   gradients at positions n..<(n + S). A Tensor rebuilt from `.data` would never learn.
/// - Prompt positions are never padding; each row's padding zeros move n positions right.
/// Example: B = 2, S = 3, n = 2, mask [[1, 1, 1], [1, 1, 0]] → embeddings [2, 5, d] and
/// mask [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]].
/// The tests also check that a prompt made of two words' embeddings encodes exactly like those
/// two words written in front of every input, under the mask you return.
public func prependPrompt(_ prompt: Tensor, to embeddings: Tensor, attentionMask: [[Int]]) throws
    -> (embeddings: Tensor, attentionMask: [[Int]]) {
    // TODO(4.1): replace the next line with your implementation (stuck? `lpt hint 4.1`).
    throw Unimplemented("4.1")
}
