// Exercise 3.4: micro-F1 from counts (chapter 3, "The scorer").
// UIE sums true positives, gold tuples and predicted tuples over every sentence of the test set,
// and only then divides: one precision, recall and F1 for the whole set, each ×100.

import ExerciseSupport

/// Precision, recall and F1 in percent from per-sentence counts: tp = predictions that matched a
/// gold tuple, gold = gold tuples, pred = predicted tuples. Any division by zero gives 0.
/// Example: [(tp 2, gold 2, pred 2), (tp 1, gold 3, pred 4)] → tp 3, gold 5, pred 6:
/// P = 50, R = 60, F1 = 2·50·60 / 110 = 54.545….
public func microF1(_ counts: [(tp: Int, gold: Int, pred: Int)]) throws -> (precision: Double, recall: Double, f1: Double) {
    // TODO(3.4): sum tp, gold and pred over all sentences first (micro, not an average of
    // per-sentence scores). Then P = 100·tp/pred, R = 100·tp/gold, F1 = 2PR/(P + R), each 0 when
    // its denominator is 0 (no predictions, no gold, or P + R = 0).
    throw Unimplemented("3.4")
}
