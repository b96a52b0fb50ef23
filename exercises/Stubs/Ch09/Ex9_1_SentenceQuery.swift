// Exercise 9.1: a query from the sentence alone (chapter 9, "The query and the read").
// The kit's query pools the word embeddings of the schema prompt and the sentence, so it is part
// task signature, part sentence signature. Here the schema prompt's positions are left out too:
// what is left is what the sentence itself says.

import ExerciseSupport

/// The max-pooled word embeddings of the positions t with t ≥ `sentenceStart` and `mask[t]` = 1:
/// for each dimension j, the largest `embeddings[ids[t]][j]` over those positions.
/// `embeddings` is the vocabulary's table, one row of width d per token id. With no such position
/// (an empty sentence, or all padding) the query is d zeros.
/// Example: embeddings [[9, 9], [1, -2], [4, 0], [-5, 6]], ids [3, 1, 2, 0], mask [1, 1, 1, 0],
/// sentenceStart 1 → [4, 0] (position 0 is the schema prompt, position 3 is padding).
public func sentenceQuery(embeddings: [[Float]], ids: [Int], mask: [Int], sentenceStart: Int) throws -> [Float] {
    // TODO(9.1): replace the next line with your implementation (stuck? `lpt hint 9.1`).
    throw Unimplemented("9.1")
}
