// Exercise 6.4: L2P's key-query selection (chapter 6, "The methods, scaled to the tiny model": L2P).
// L2P keeps a pool of prompts, each with a learned key. An input's query (a feature of the frozen
// encoder) picks the N prompts whose keys point most nearly its way; a batch shares one set.

import ExerciseSupport

/// cos(q, k_j) for every key, in key order: (q/‖q‖)·(k_j/‖k_j‖), where each vector v is divided
/// by √(Σ v² + 1e-12), as the kit's L2PPool does, so a zero vector gives 0, never NaN.
/// Example: query [3, 4], keys [[6, 8], [4, −3], [−3, −4], [0, 0]] → [1, 0, −1, 0].
public func cosineSimilarities(query: [Float], keys: [[Float]]) throws -> [Float] {
    // TODO(6.4): replace the next line with your implementation (stuck? `lpt hint 6.4`).
    throw Unimplemented("6.4")
}

/// Indices of the `n` largest values, largest first; among equal values the lower index first.
/// Examples: [0.5, 0.9, 0.9, 0.1], n 3 → [1, 2, 0]; [0, 0, 0, 0], n 3 → [0, 1, 2].
public func topNIndices(_ values: [Float], n: Int) throws -> [Int] {
    // TODO(6.4): replace the next line with your implementation.
    throw Unimplemented("6.4")
}

/// The batch's shared set: the `n` pool entries (0..<poolSize) that occur most often in the
/// examples' own top-N `selections`, ties to the lower index, returned in ascending order (the
/// kit joins a set's prompts in pool order). No selections: the n lowest indices.
/// Example: [[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]], n 4 → [1, 2, 3, 4].
public func majorityVote(_ selections: [[Int]], poolSize: Int, n: Int) throws -> [Int] {
    // TODO(6.4): replace the next line with your implementation.
    throw Unimplemented("6.4")
}
