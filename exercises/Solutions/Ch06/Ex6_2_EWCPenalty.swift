// Exercise 6.2 (solution): the penalty summed in Double, its gradient λ·F·(θ − θ*) in Float.

import ExerciseSupport

public func ewcPenalty(theta: [Float], anchor: [Float], fisher: [Float], lambda: Float) throws -> Double {
    var total = 0.0
    for j in theta.indices {
        let d = Double(theta[j] - anchor[j])
        total += Double(fisher[j]) * d * d
    }
    return Double(lambda) / 2 * total
}

public func ewcGradient(theta: [Float], anchor: [Float], fisher: [Float], lambda: Float) throws -> [Float] {
    theta.indices.map { j in lambda * fisher[j] * (theta[j] - anchor[j]) }
}
