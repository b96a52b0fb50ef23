// Exercise 6.1: from an accuracy matrix to Average, BWT and both FWTs (chapter 6, "The accuracy matrix").
// A continual run is summed up by one matrix: row t holds every task's test F1 after the learner
// finished task t. The paper's Table 1 reports four numbers drawn from it.

import ExerciseSupport

/// The four summaries of a run over T learned tasks (a_{t,i}: F1 on task i after learning task t).
/// - after: row t−1 is a_{t,·}, one row per task learned so far, so T = after.count (a partial run
///   has fewer rows than tasks listed); nil where not measured, which the kit does for every task
///   not yet learned (i > t).
/// - beforeLearning: a_{i−1,i}, task i measured just before training on it (index 0 is unused).
/// - reference: each task trained alone (Individual); initial: each task at the untrained start.
/// average = mean of the last row; backwardTransfer = mean over i < T of (a_{T,i} − a_{i,i});
/// forwardTransferPaper = mean over learned i of (a_{i,i} − reference_i);
/// forwardTransferGEM = mean over learned i ≥ 2 of (a_{i−1,i} − initial_i), read from beforeLearning.
/// Skip every term that needs a nil; the mean of no terms is 0 (so one row has BWT and GEM FWT 0,
/// and no rows give four zeros).
/// Example: after [[60, nil], [50, 70]], before [nil, 12], reference [62, 75], initial [2, 4]
/// → average 60, BWT −10, FWT (paper) −3.5, FWT (GEM) 8.
/// The tests compare with `AccuracyMatrix` on random runs, partial ones and missing entries included.
public func continualMetrics(after: [[Double?]], beforeLearning: [Double?], reference: [Double], initial: [Double]) throws
    -> (average: Double, backwardTransfer: Double, forwardTransferPaper: Double, forwardTransferGEM: Double) {
    // TODO(6.1): replace the next line with your implementation (stuck? `lpt hint 6.1`).
    throw Unimplemented("6.1")
}
