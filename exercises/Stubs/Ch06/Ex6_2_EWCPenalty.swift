// Exercise 6.2: the EWC penalty (chapter 6, "The methods, scaled to the tiny model": EWC).
// Elastic weight consolidation keeps weights that mattered for earlier tasks near the values they
// had then: each weight is tied to its anchor θ* by a spring whose stiffness is its Fisher F.

import ExerciseSupport

/// (λ/2) · Σ_j F_j · (θ_j − θ*_j)² over flat arrays of the same length (θ = theta, θ* = anchor,
/// F = fisher ≥ 0, one entry per weight).
/// - Accumulated in Double: a model has ~10⁶ weights, and a Float running sum stops growing once
///   it is 2²⁴ times larger than the next term. The tests sum one term of 10⁸ and 100,000 terms of
///   1 (λ 2) and expect exactly 100,100,000.
/// Example: θ [1, 2, 3], θ* [0, 2, 5], F [2, 10, 0.5], λ 4 → 2 · (2·1 + 10·0 + 0.5·4) = 8.
public func ewcPenalty(theta: [Float], anchor: [Float], fisher: [Float], lambda: Float) throws -> Double {
    // TODO(6.2): replace the next line with your implementation (stuck? `lpt hint 6.2`).
    throw Unimplemented("6.2")
}

/// The penalty's gradient with respect to θ, entry by entry, in Float (the training step adds it
/// to the loss's gradient before clipping). It must agree with central differences of ewcPenalty.
/// Example: the inputs above → [8, 0, −4].
public func ewcGradient(theta: [Float], anchor: [Float], fisher: [Float], lambda: Float) throws -> [Float] {
    // TODO(6.2): replace the next line with your implementation.
    throw Unimplemented("6.2")
}
