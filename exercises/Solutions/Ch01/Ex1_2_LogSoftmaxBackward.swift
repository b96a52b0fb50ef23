// Exercise 1.2 (solution): ∂y_i/∂x_j = δ_ij − softmax_j, so dx_j = g_j − softmax_j · Σ_i g_i,
// with softmax_j = exp(y_j) read back from the output.

import ExerciseSupport
import Foundation

public func logSoftmaxBackward(output y: [Float], grad g: [Float], width: Int) throws -> [Float] {
    var dx = [Float](repeating: 0, count: y.count)
    for start in stride(from: 0, to: y.count, by: width) {
        let row = start..<(start + width)
        let total = row.reduce(Float(0)) { $0 + g[$1] }
        for j in row { dx[j] = g[j] - Foundation.exp(y[j]) * total }
    }
    return dx
}
