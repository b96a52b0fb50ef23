// Softmax, log-softmax and cross-entropy over the last axis (chapter 1).
// All three subtract the row maximum before exponentiating: exp(x - max) never overflows and
// the result is unchanged, because softmax is invariant to adding a constant to a row.

import Foundation

extension Tensor {
    /// Rows of the last axis, as (row count, row width).
    var lastAxisRows: (rows: Int, width: Int) {
        precondition(rank >= 1, "needs at least one axis")
        let width = shape[rank - 1]
        return (width == 0 ? 0 : count / width, width)
    }

    // snippet.softmax
    /// Writes softmax(x) of one row (`width` values from `row`) into `y`; returns the row's
    /// maximum and Σ exp(x - max), from which log-softmax follows without another pass.
    @inline(__always)
    static func softmaxRow(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>,
                           row: Int, width: Int) -> (peak: Float, total: Float) {
        var peak = -Float.infinity
        for j in 0..<width { peak = max(peak, x[row + j]) }
        var total: Float = 0
        for j in 0..<width { y[row + j] = Foundation.exp(x[row + j] - peak); total += y[row + j] }
        for j in 0..<width { y[row + j] /= total }
        return (peak, total)
    }

    /// exp(x_i) / Σ_j exp(x_j) along the last axis.
    public func softmax() -> Tensor {
        let (rows, width) = lastAxisRows
        var y = [Float](repeating: 0, count: count)
        y.withUnsafeMutableBufferPointer { py in
            data.withUnsafeBufferPointer { px in
                for r in 0..<rows { _ = Tensor.softmaxRow(px, into: py, row: r * width, width: width) }
            }
        }
        return Tensor(result: y, shape: shape, op: "softmax", inputs: [self]) { [self] g in
            // dx_i = y_i (g_i - Σ_j g_j y_j): the Jacobian diag(y) - y yᵀ applied to g.
            var dx = [Float](repeating: 0, count: y.count)
            for r in 0..<rows {
                let row = r * width
                var dot: Float = 0
                for j in 0..<width { dot += g[row + j] * y[row + j] }
                for j in 0..<width { dx[row + j] = y[row + j] * (g[row + j] - dot) }
            }
            self.accumulateGrad(dx)
        }
    }
    // snippet.end

    /// Row-wise log(Σ exp(x)) computed stably.
    static func logSumExp(_ x: UnsafeBufferPointer<Float>, row: Int, width: Int) -> Float {
        var peak = -Float.infinity
        for j in 0..<width { peak = max(peak, x[row + j]) }
        if peak == -Float.infinity { return peak }
        var total: Float = 0
        for j in 0..<width { total += Foundation.exp(x[row + j] - peak) }
        return peak + Foundation.log(total)
    }

    /// log softmax(x) along the last axis: x_i - log Σ_j exp(x_j).
    public func logSoftmax() -> Tensor {
        let (rows, width) = lastAxisRows
        var y = [Float](repeating: 0, count: count)
        data.withUnsafeBufferPointer { px in
            for r in 0..<rows {
                let lse = Tensor.logSumExp(px, row: r * width, width: width)
                for j in 0..<width { y[r * width + j] = px[r * width + j] - lse }
            }
        }
        return Tensor(result: y, shape: shape, op: "logSoftmax", inputs: [self]) { [self] g in
            // dx_i = g_i - softmax_i · Σ_j g_j
            var dx = [Float](repeating: 0, count: y.count)
            for r in 0..<rows {
                let row = r * width
                var total: Float = 0
                for j in 0..<width { total += g[row + j] }
                for j in 0..<width { dx[row + j] = g[row + j] - Foundation.exp(y[row + j]) * total }
            }
            self.accumulateGrad(dx)
        }
    }

    // snippet.cross-entropy
    /// Mean negative log-likelihood of `targets` under softmax(self), self = logits [n, classes].
    /// Positions whose target equals `ignoreIndex` (padding, -100 by convention) count neither in
    /// the sum nor in the mean; if every position is ignored the loss is 0.
    public func crossEntropy(targets: [Int], ignoreIndex: Int = -100) -> Tensor {
        let (rows, width) = lastAxisRows
        precondition(targets.count == rows, "crossEntropy: \(targets.count) targets for \(rows) rows")
        var probabilities = [Float](repeating: 0, count: count)  // kept for the backward pass
        var loss: Double = 0
        var counted = 0
        data.withUnsafeBufferPointer { px in probabilities.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows {
                let row = r * width
                let (peak, total) = Tensor.softmaxRow(px, into: p, row: row, width: width)
                let t = targets[r]
                if t == ignoreIndex { continue }
                precondition(t >= 0 && t < width, "crossEntropy: target \(t) outside 0..<\(width)")
                loss -= Double(px[row + t] - peak - Foundation.log(total))   // log softmax at the target
                counted += 1
            }
        } }
        let scale = counted == 0 ? 0 : 1 / Float(counted)
        return Tensor(result: [Float(loss) * scale], shape: [], op: "crossEntropy", inputs: [self]) { [self] g in
            // d loss / d logits = (softmax - onehot(target)) / counted, zero on ignored rows.
            var dx = [Float](repeating: 0, count: probabilities.count)
            let s = scale * g[0]
            dx.withUnsafeMutableBufferPointer { d in probabilities.withUnsafeBufferPointer { p in
                for r in 0..<rows where targets[r] != ignoreIndex {
                    for j in 0..<width { d[r * width + j] = p[r * width + j] * s }
                    d[r * width + targets[r]] -= s
                }
            } }
            self.accumulateGrad(dx)
        }
    }
    // snippet.end
}
