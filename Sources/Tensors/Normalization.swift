// RMS normalization (T5's layer norm) and dropout (chapter 1).
// T5 normalizes by the root mean square only: no mean subtraction and no bias, which is cheaper
// than LayerNorm and works as well for transformers (Zhang & Sennrich 2019).

import Foundation

extension Tensor {
    /// y = x / sqrt(mean(x²) + eps) · weight, over the last axis; weight has shape [width].
    public func rmsNorm(weight: Tensor, eps: Float = 1e-6) -> Tensor {
        let (rows, width) = lastAxisRows
        precondition(weight.shape == [width], "rmsNorm: weight \(weight.shape) for width \(width)")
        var inverseRMS = [Float](repeating: 0, count: rows)  // 1/sqrt(mean(x²)+eps) per row
        var y = [Float](repeating: 0, count: count)
        data.withUnsafeBufferPointer { x in weight.data.withUnsafeBufferPointer { w in
            for r in 0..<rows {
                var squares: Float = 0
                for j in 0..<width { squares += x[r * width + j] * x[r * width + j] }
                let inv = 1 / (squares / Float(width) + eps).squareRoot()
                inverseRMS[r] = inv
                for j in 0..<width { y[r * width + j] = x[r * width + j] * inv * w[j] }
            }
        } }
        let x = data, w = weight.data
        return Tensor(result: y, shape: shape, op: "rmsNorm", inputs: [self, weight]) { [self] g in
            // With x̂ = x·inv: dw_j = Σ_rows g_j x̂_j and
            // dx = inv · (g·w - x̂ · mean(g·w·x̂)).
            if self.requiresGrad {
                var dx = [Float](repeating: 0, count: x.count)
                for r in 0..<rows {
                    let inv = inverseRMS[r], row = r * width
                    var dot: Float = 0
                    for j in 0..<width { dot += g[row + j] * w[j] * x[row + j] * inv }
                    let meanDot = dot / Float(width)
                    for j in 0..<width {
                        dx[row + j] = inv * (g[row + j] * w[j] - x[row + j] * inv * meanDot)
                    }
                }
                self.accumulateGrad(dx)
            }
            if weight.requiresGrad {
                weight.withGradBuffer { dw in
                    for r in 0..<rows {
                        for j in 0..<width { dw[j] += g[r * width + j] * x[r * width + j] * inverseRMS[r] }
                    }
                }
            }
        }
    }

    /// Zeroes each element with probability `p` and scales the survivors by 1/(1-p), so the
    /// expected value is unchanged. Identity when `p` is 0 or `training` is false.
    public func dropout(_ p: Float, rng: inout SeededGenerator, training: Bool = true) -> Tensor {
        precondition(p >= 0 && p < 1, "dropout probability \(p) outside [0, 1)")
        guard training, p > 0 else { return self }
        let keep = 1 / (1 - p)
        let mask = (0..<count).map { _ in rng.nextUniform() < p ? Float(0) : keep }
        let y = zip(data, mask).map { $0 * $1 }
        return Tensor(result: y, shape: shape, op: "dropout", inputs: [self]) { [self] g in
            self.accumulateGrad(zip(g, mask).map { $0 * $1 })
        }
    }
}
