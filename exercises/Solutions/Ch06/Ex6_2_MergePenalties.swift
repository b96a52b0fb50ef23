// Exercise 6.2 (solution): per weight, complete the square. Σ_t F_t(θ − a_t)² has curvature
// F = Σ_t F_t and its minimum at the Fisher-weighted mean m = Σ_t F_t·a_t / F; what is left,
// Σ_t F_t(a_t − m)², is the constant (written this way, as a weighted spread, it never cancels).

import ExerciseSupport

public func mergePenalties(fishers: [[Float]], anchors: [[Float]], lambda: Float) throws
    -> (fisher: [Float], anchor: [Float], constant: Double) {
    let n = anchors[0].count
    var fisher = [Float](repeating: 0, count: n), anchor = anchors[anchors.count - 1]
    var spread = 0.0
    for j in 0..<n {
        let total = fishers.reduce(0.0) { $0 + Double($1[j]) }
        guard total > 0 else { continue }
        let mean = zip(fishers, anchors).reduce(0.0) { $0 + Double($1.0[j]) * Double($1.1[j]) } / total
        spread += zip(fishers, anchors).reduce(0.0) { sum, task in
            let d = Double(task.1[j]) - mean
            return sum + Double(task.0[j]) * d * d
        }
        (fisher[j], anchor[j]) = (Float(total), Float(mean))
    }
    return (fisher, anchor, Double(lambda) / 2 * spread)
}
