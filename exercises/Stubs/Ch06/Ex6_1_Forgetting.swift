// Exercise 6.1: forgetting, the other reading of the accuracy matrix (chapter 6, "The accuracy matrix").
// BWT compares a task's final F1 with its F1 right after it was learned. Chaudhry et al. (2018)
// measure from the task's *best* F1 instead: a task that kept improving and then dropped shows
// its whole drop, where BWT may show a gain.

import ExerciseSupport

/// Forgetting (Chaudhry et al. 2018) of a run, from `after` laid out as `AccuracyMatrix.after`:
/// row t−1 holds a_{t,·}, the F1 of every listed task after learning task t; T = after.count
/// rows (a partial run has fewer rows than tasks listed); nil where not measured.
/// - perTask: one entry for each task i learned before the last row (i = 0 … T−2, so T−1
///   entries, none when T ≤ 1): the best F1 the task had in rows i … T−2 of `after` (from the
///   row where it was learned up to the row before the last) minus its F1 in the last row.
///   nil when the last row's entry is nil or none of those earlier entries was measured. An
///   entry above the diagonal (task i in a row before row i: scored before it was learned)
///   never counts. A negative value is allowed: the task ended above its best earlier score.
/// - average: the mean of the non-nil perTask entries; 0 when there are none.
/// Example: after [[60, nil, nil], [72, 50, nil], [55, 65, 80]] → perTask [17, −15], average 1
/// (the first task peaked at 72 and ended at 55; the second ended 15 above its best). BWT on
/// the same rows is +5.
/// The tests compare with `AccuracyMatrix.backwardTransfer` where the two must agree (no task
/// ever rises above its just-learned F1) or must be ordered, and on hand-made partial runs.
public func forgetting(after: [[Double?]]) throws -> (perTask: [Double?], average: Double) {
    // TODO(6.1): replace the next line with your implementation (stuck? `lpt hint 6.1`).
    throw Unimplemented("6.1")
}
