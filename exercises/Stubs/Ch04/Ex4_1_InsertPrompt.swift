// Exercise 4.1: a shallow prompt between the schema and the sentence (chapter 4, "Shallow: vectors before the input").
// Chapter 2's encoder puts a shallow prompt in front of everything: [p; s; t]. Some prompt designs
// read the instruction first and the prompt after it: [s; p; t]. The prompt then sits at a
// different position in every row whose schema prompt has a different length.

import ExerciseSupport
import Tensors

/// `embeddings` [B, S, d] with `prompt` [n, d] inserted into row b just before position
/// offsets[b] (where row b's sentence starts), [B, n + S, d], and `attentionMask` (B rows of S
/// zeros and ones) with n ones inserted at the same place in each row.
/// - 0 ≤ offsets[b] ≤ S; offset 0 is chapter 2's prepend. One offset per row, or throw any error;
///   an offset outside 0...S: throw any error.
/// - Differentiable in both tensors: the prompt's gradient is the sum, over the rows, of the
///   gradients at the n positions where each row holds it; every embedding gets the gradient at
///   the position it moved to. A Tensor rebuilt from `.data` would never learn.
/// - The prompt positions are never padding; a row's own mask entries keep their order.
/// Example: B = 2, S = 3, n = 1, offsets [1, 2], mask [[1, 1, 1], [1, 1, 0]] → row 0 reads
/// e00, p, e01, e02 and row 1 reads e10, e11, p, e12; mask [[1, 1, 1, 1], [1, 1, 1, 0]].
/// The tests also check that a prompt made of two words' embeddings gives exactly the embeddings
/// of those two words written into every input at its offset.
public func insertPrompt(_ prompt: Tensor, into embeddings: Tensor, attentionMask: [[Int]], at offsets: [Int]) throws
    -> (embeddings: Tensor, attentionMask: [[Int]]) {
    // TODO(4.1): replace the next line with your implementation (stuck? `lpt hint 4.1`).
    throw Unimplemented("4.1")
}
