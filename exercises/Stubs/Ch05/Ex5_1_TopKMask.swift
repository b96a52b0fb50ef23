// Exercise 5.1: the top-k mask (chapter 5, "Scores and the top-k mask").
// Each task learns one score per prompt entry; its mask keeps the entries with the highest
// scores. The rule must be exact and the same on every machine: the mask decides which entries
// a task owns for ever.

import ExerciseSupport

/// m = top-k(s): true at the round(keepFraction·P) highest of `scores` (P = scores.count), false
/// elsewhere. Scores are ranked as they are, with no absolute value: a strongly negative score
/// means "drop". Among equal scores the lower index wins.
/// Example: keep 0.5 of [0.2, -9, 0.2, 0.5, 0.2, 0.1] → k = 3 → [true, false, true, true, false, false].
public func topKMask(scores: [Float], keepFraction: Double) throws -> [Bool] {
    // TODO(5.1): two steps.
    // 1. k = keepFraction·P rounded to the nearest integer, halves away from zero (Swift's
    //    .rounded(): 2.5 → 3, where Python's round gives 2), then clamped to 0...P.
    // 2. Order the indices by score, highest first, with ties broken by the lower index inside
    //    the same comparator (so the order is total and no sort stability is needed), and set
    //    the first k of them to true.
    throw Unimplemented("5.1")
}
