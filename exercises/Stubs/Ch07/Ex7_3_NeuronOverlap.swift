// Exercise 7.3: neuron signatures and their overlap (chapter 7, "(c) Activated neurons").
// Su et al. (2022): a prompt transfers well to a task when it makes the model use the same
// feed-forward neurons. A signature is the set of the most activated neurons of every block;
// two signatures are compared by their Jaccard overlap, and the highest overlap wins.

import ExerciseSupport
import NovelTasks

/// The signature of one run: meanActivations[l][n] is neuron n's mean activation in block l
/// (every block has the same width W). Per block, keep the k = round(fraction · W) neurons with
/// the highest values (halves away from zero, Swift's .rounded(); clamped to 0...W); among equal
/// values the lower index wins. Neuron n of block l is numbered l·W + n. Ascending order.
/// Example: [[0.1, 0.9, 0.5, 0.5], [3, 2, 1, 0]], fraction 0.5 → block 0 keeps 1, 2 (2 beats 3
/// on the tie), block 1 keeps 4, 5 → [1, 2, 4, 5].
public func neuronSignature(_ meanActivations: [[Double]], fraction: Double) throws -> [Int] {
    // TODO(7.3): per block, sort the indices 0..<W with one comparator (higher value first,
    // lower index on equal values), take the first k, offset them by l·W; sort the result.
    throw Unimplemented("7.3")
}

/// Jaccard overlap |A ∩ B| / |A ∪ B| of two signatures, over all blocks at once; 1 when both are
/// empty (nothing differs). Example: [1, 2, 3, 4] and [3, 4, 5] → 2 / 5.
public func jaccardOverlap(_ a: [Int], _ b: [Int]) throws -> Double {
    // TODO(7.3): two Sets; mind the empty union.
    throw Unimplemented("7.3")
}

/// novel[i]: the novel task's signature under mask i; stored[i]: learned task i's own signature
/// under m_i, recorded when it finished. Returns every overlap, in learning order, and the index
/// of the highest (ties to the earlier task). No learned tasks: throw MaskSelectionError.noLearnedMasks.
/// Example: overlaps [0.2, 0.6, 0.6] → pick 1.
public func pickHighestOverlap(novel: [[Int]], stored: [[Int]]) throws -> (overlaps: [Double], pick: Int) {
    // TODO(7.3): jaccardOverlap of each pair, then an argmax with a strict >.
    throw Unimplemented("7.3")
}
