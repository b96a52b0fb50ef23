// Exercise 2.2 (solution): T5's RMSNorm, y = w · x / √(mean(x²) + eps), row by row.

import ExerciseSupport
import Foundation

public func t5RMSNorm(_ x: [Float], weight: [Float], eps: Float) throws -> [Float] {
    let width = weight.count
    var y = [Float](repeating: 0, count: x.count)
    for start in stride(from: 0, to: x.count, by: width) {
        var squares: Float = 0
        for j in 0..<width { squares += x[start + j] * x[start + j] }
        let inv = 1 / (squares / Float(width) + eps).squareRoot()
        for j in 0..<width { y[start + j] = x[start + j] * inv * weight[j] }
    }
    return y
}
