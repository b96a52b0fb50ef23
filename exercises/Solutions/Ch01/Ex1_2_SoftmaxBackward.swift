// Exercise 1.2 (solution): softmax backward, dx_i = y_i·(g_i - Σ_j g_j y_j) per row.

import ExerciseSupport

public func softmaxBackward(output y: [Float], grad g: [Float], width: Int) throws -> [Float] {
    var dx = [Float](repeating: 0, count: y.count)
    for start in stride(from: 0, to: y.count, by: width) {
        var dot: Float = 0
        for j in start..<(start + width) { dot += g[j] * y[j] }
        for j in start..<(start + width) { dx[j] = y[j] * (g[j] - dot) }
    }
    return dx
}
