// Exercise 6.4: L2P's key-query selection (chapter 6, "L2P").
// L2P keeps a pool of prompts, each with a learned key. An input's query (a feature of the frozen
// encoder) picks the N prompts whose keys point most nearly its way; a batch shares one set.

import ExerciseSupport

/// cos(q, k_j) for every key: (q/‖q‖)·(k_j/‖k_j‖), where each vector v is divided by
/// √(Σ v² + 1e-12), as l2p-pytorch's l2_normalize does, so a zero vector gives 0, never NaN.
/// Example: query [3, 4], keys [[6, 8], [4, −3], [−3, −4], [0, 0]] → [1, 0, −1, 0].
public func cosineSimilarities(query: [Float], keys: [[Float]]) throws -> [Float] {
    // TODO(6.4): normalize the query once and each key, then take dot products.
    throw Unimplemented("6.4")
}

/// Indices of the `n` largest values, largest first; among equal values the lower index first.
/// Example: [0.5, 0.9, 0.9, 0.1], n 3 → [1, 2, 0].
public func topNIndices(_ values: [Float], n: Int) throws -> [Int] {
    // TODO(6.4): sort the indices with one comparator that decides ties by index, take the prefix.
    throw Unimplemented("6.4")
}

/// The batch's shared set: the `n` pool entries (0..<poolSize) that occur most often in the
/// examples' own top-N `selections`, ties to the lower index, returned in ascending order.
/// Example: [[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]], n 4 → [1, 2, 3, 4].
public func majorityVote(_ selections: [[Int]], poolSize: Int, n: Int) throws -> [Int] {
    // TODO(6.4): count each entry's votes, reuse topNIndices on the counts (as Floats), then sort.
    throw Unimplemented("6.4")
}
