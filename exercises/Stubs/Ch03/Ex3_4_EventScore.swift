// Exercise 3.4: micro-F1 from counts (chapter 3, "The scorer").
// UIE sums true positives, gold tuples and predicted tuples over every sentence of the test set,
// and only then divides: one precision, recall and F1 for the whole set, each ×100.

import ExerciseSupport

/// Micro-averaged precision, recall and F1, in percent, from per-sentence counts: tp =
/// predictions that matched a gold tuple, gold = gold tuples, pred = predicted tuples.
/// - Micro: one score for the whole set, not an average of per-sentence scores.
/// - Any division by zero gives 0, never NaN (no sentences, no predictions, no gold, or P + R = 0).
/// Example: [(tp 2, gold 2, pred 2), (tp 1, gold 3, pred 4)] → tp 3, gold 5, pred 6:
/// P = 50, R = 60, F1 = 2·50·60 / 110 = 54.545…; [(1, 1, 1), (0, 3, 3)] → 25, 25, 25.
public func microF1(_ counts: [(tp: Int, gold: Int, pred: Int)]) throws -> (precision: Double, recall: Double, f1: Double) {
    // TODO(3.4): replace the next line with your implementation (stuck? `lpt hint 3.4`).
    throw Unimplemented("3.4")
}
