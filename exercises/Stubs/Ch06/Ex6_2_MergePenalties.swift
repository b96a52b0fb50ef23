// Exercise 6.2: one EWC penalty for many tasks (chapter 6, "The methods, scaled to the tiny model").
// Kirkpatrick et al. keep one penalty per finished task, each with its own Fisher and anchor:
// 2N numbers per task. The kit keeps one Fisher and one anchor (at the latest weights). One pair
// can be exact: a sum of quadratics in θ is again one quadratic, with the right anchor, plus a constant.

import ExerciseSupport

/// Merges per-task EWC penalties into one. Task t has a Fisher diagonal `fishers[t]` (entries
/// ≥ 0) and an anchor `anchors[t]` (its weights after task t); every array has the same length N,
/// and there is at least one task. Returns `fisher`, `anchor` (N entries each) and `constant` with
///     Σ_t (λ/2)·Σ_j F_tj·(θ_j − θ*_tj)²  =  (λ/2)·Σ_j F_j·(θ_j − θ*_j)² + constant
/// for every θ (to rounding), so the penalty and its gradient stay exactly those of the sum.
/// - `constant` ≥ 0 is the smallest value the sum takes over all θ. Work in Double: the tests use
///   anchors near 4096 that differ by 0.5 and expect the constant to within 1e-9.
/// - A weight with F_tj = 0 for every task is free: fisher 0, and anchor the last task's value
///   (as the kit, which anchors at the latest weights), adding nothing to `constant`.
/// - One task returns its own Fisher and anchor, constant 0.
/// Example: one weight, fishers [[1], [3]], anchors [[0], [4]], λ 2 → fisher [4], anchor [3],
/// constant 12 (θ² + 3(θ − 4)² = 4(θ − 3)² + 12).
/// The tests compare both sides with the kit's `ElasticPenalty` on a tiny model's weights.
public func mergePenalties(fishers: [[Float]], anchors: [[Float]], lambda: Float) throws
    -> (fisher: [Float], anchor: [Float], constant: Double) {
    // TODO(6.2): replace the next line with your implementation (stuck? `lpt hint 6.2`).
    throw Unimplemented("6.2")
}
