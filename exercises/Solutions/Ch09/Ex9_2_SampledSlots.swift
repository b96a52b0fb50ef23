// Exercise 9.2, reference solution: slots drawn from a softmax of their scores, without replacement.

import Foundation
import ExerciseSupport

public func sampledSlots(scores: [Float], k: Int, temperature: Float, uniforms: [Double]) throws -> [Int] {
    var remaining = Array(scores.indices), drawn: [Int] = []
    for i in 0..<k {
        let top = remaining.map { scores[$0] }.max()!
        let weights = remaining.map { exp(Double(scores[$0] - top) / Double(temperature)) }
        let total = weights.reduce(0, +)
        var sum = 0.0, pick = remaining.count - 1
        for (position, weight) in weights.enumerated() {
            sum += weight / total
            if sum > uniforms[i] { pick = position; break }
        }
        drawn.append(remaining.remove(at: pick))
    }
    return drawn.sorted()
}
