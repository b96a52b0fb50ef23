// Exercise 5.1: the top-k mask (chapter 5, "Scores and the top-k mask").
// Each task learns one score per prompt entry; its mask keeps the entries with the highest
// scores. The rule must be exact and the same on every machine: the mask decides which entries
// a task owns for ever.

import ExerciseSupport

/// m = top-k(s): true at the k highest of `scores` (P = scores.count), false elsewhere.
/// - k = keepFraction·P rounded to the nearest integer, halves away from zero (Swift's
///   `rounded()`: 2.5 → 3, where Python's round gives 2), clamped to 0...P.
/// - Scores are ranked as they are, with no absolute value: a strongly negative score means "drop".
/// - Among equal scores the lower index wins, so the mask never depends on the sort routine.
/// - No scores give an empty mask; keep 0 gives all false, keep 1 all true.
/// Examples: keep 0.5 of [0.2, -9, 0.2, 0.5, 0.2, 0.1] → k = 3 → [true, false, true, true, false, false];
/// keep 0.25 of ten equal scores → the first three. The tests compare with `PromptMask.top`.
public func topKMask(scores: [Float], keepFraction: Double) throws -> [Bool] {
    // TODO(5.1): replace the next line with your implementation (stuck? `lpt hint 5.1`).
    throw Unimplemented("5.1")
}
