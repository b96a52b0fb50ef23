// Exercise 8.3: Spearman's rank correlation with ties (chapter 8, "Which indicator predicts transfer?").
// An indicator is judged by whether it orders source prompts the way transfer orders them, so
// the chapter compares ranks, not values. Cosines of binary patterns and F1 ratios tie often:
// how ties are ranked changes the answer.

import ExerciseSupport
import PromptTransfer

/// Spearman's ρ of the pairs (x[i], y[i]):
/// - Leave out every pair where x[i] or y[i] is NaN or infinite.
/// - Rank each side ascending from 1; equal values share the mean of the ranks they occupy
///   ([10, 20, 20, 30] → 1, 2.5, 2.5, 4).
/// - ρ is Pearson's correlation of the two rank lists (with ties, 1 − 6Σd²/(n(n²−1)) is wrong).
/// - nil when fewer than two pairs remain or either side's ranks are all equal.
/// - x and y of different lengths: throw TransferError.invalidOption(name: "samples", …).
/// Examples: ([1, 2, 2, 3], [1, 3, 2, 4]) → 3/√10 ≈ 0.949; ([1, 1, 2, 2], [1, 2, 1, 2]) → 0;
///   ([1, .nan, 3, 4], [1, 2, 3, 4]) → 1; ([5, 5, 5], [1, 2, 3]) → nil.
public func spearmanRho(_ x: [Double], _ y: [Double]) throws -> Double? {
    // TODO(8.3): replace the next line with your implementation (stuck? `lpt hint 8.3`).
    throw Unimplemented("8.3")
}
