// Exercise 6.2: the EWC penalty (chapter 6, "EWC and replay").
// Elastic weight consolidation keeps weights that mattered for earlier tasks near the values they
// had then: each weight is tied to its anchor θ* by a spring whose stiffness is its Fisher F.

import ExerciseSupport

/// (λ/2) · Σ_j F_j · (θ_j − θ*_j)² over flat arrays of the same length (θ = theta, θ* = anchor,
/// F = fisher, one entry per weight). The sum is accumulated in Double: a model has ~10⁶ weights,
/// and a Float running sum stops growing once it is 2²⁴ times larger than the next term.
/// Example: θ [1, 2, 3], θ* [0, 2, 5], F [2, 10, 0.5], λ 4 → 2 · (2·1 + 10·0 + 0.5·4) = 8.
public func ewcPenalty(theta: [Float], anchor: [Float], fisher: [Float], lambda: Float) throws -> Double {
    // TODO(6.2): total = 0.0 (a Double); for each j, d = Double(theta[j] − anchor[j]) and
    // total += Double(fisher[j]) · d · d; return Double(lambda) / 2 · total.
    throw Unimplemented("6.2")
}

/// The penalty's gradient with respect to θ, entry by entry: λ · F_j · (θ_j − θ*_j), in Float
/// (the training step adds it to the loss's gradient before clipping).
/// Example: the inputs above → [4·2·1, 4·10·0, 4·0.5·(−2)] = [8, 0, −4].
public func ewcGradient(theta: [Float], anchor: [Float], fisher: [Float], lambda: Float) throws -> [Float] {
    // TODO(6.2): differentiate one term (λ/2)·F·(θ − θ*)²: the 2 of the square cancels the 1/2.
    // The tests compare it with a central difference of ewcPenalty, so solve that one first.
    throw Unimplemented("6.2")
}
