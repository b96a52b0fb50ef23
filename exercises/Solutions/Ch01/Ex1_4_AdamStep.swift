// Exercise 1.4 (solution): one Adam step.

import ExerciseSupport
import Foundation

public func adamStep(weights: inout [Float], grads: [Float], m: inout [Float], v: inout [Float],
                     step: Int, learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999,
                     epsilon: Float = 1e-8) throws {
    let c1 = 1 - pow(beta1, Float(step)), c2 = 1 - pow(beta2, Float(step))
    for j in weights.indices {
        m[j] = beta1 * m[j] + (1 - beta1) * grads[j]
        v[j] = beta2 * v[j] + (1 - beta2) * grads[j] * grads[j]
        weights[j] -= learningRate * (m[j] / c1) / ((v[j] / c2).squareRoot() + epsilon)
    }
}
