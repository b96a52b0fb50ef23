// Exercise 7.3: neuron signatures and their overlap (chapter 7, "(c) Activated neurons").
// Su et al. (2022): a prompt transfers well to a task when it makes the model use the same
// feed-forward neurons. A signature is the set of the most activated neurons of every block;
// two signatures are compared by their Jaccard overlap, and the highest overlap wins.

import ExerciseSupport
import NovelTasks

/// The signature of one run: meanActivations[l][n] is neuron n's mean activation in block l
/// (every block has the same width W). Neuron n of block l is numbered l·W + n.
/// - Per block, the k = round(fraction · W) neurons with the highest values (halves away from
///   zero, Swift's `rounded()`; clamped to 0...W), ranked by value, not size; among equal values
///   the lower index wins. Each block keeps its own k: blocks do not compete.
/// - Returned in ascending order.
/// Examples: [[0.1, 0.9, 0.5, 0.5], [3, 2, 1, 0]], fraction 0.5 → [1, 2, 4, 5] (2 beats 3 on the
/// tie); a block of 10, fraction 0.25 → 3 neurons (banker's rounding would keep 2).
public func neuronSignature(_ meanActivations: [[Double]], fraction: Double) throws -> [Int] {
    // TODO(7.3): replace the next line with your implementation (stuck? `lpt hint 7.3`).
    throw Unimplemented("7.3")
}

/// Jaccard overlap |A ∩ B| / |A ∪ B| of two signatures (as sets), over all blocks at once;
/// 1 when both are empty (nothing differs). Example: [1, 2, 3, 4] and [3, 4, 5] → 2 / 5.
public func jaccardOverlap(_ a: [Int], _ b: [Int]) throws -> Double {
    // TODO(7.3): replace the next line with your implementation.
    throw Unimplemented("7.3")
}

/// novel[i]: the novel task's signature under mask i; stored[i]: learned task i's own signature
/// under m_i, recorded when it finished. Returns every overlap of novel[i] with stored[i], in
/// learning order, and the index of the highest (ties to the earlier task).
/// No learned tasks: throw MaskSelectionError.noLearnedMasks.
/// Example: overlaps [0.2, 0.6, 0.6] → pick 1.
public func pickHighestOverlap(novel: [[Int]], stored: [[Int]]) throws -> (overlaps: [Double], pick: Int) {
    // TODO(7.3): replace the next line with your implementation.
    throw Unimplemented("7.3")
}
