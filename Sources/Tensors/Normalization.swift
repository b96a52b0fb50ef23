// RMS normalization (T5's layer norm) and dropout (chapter 1).
// T5 normalizes by the root mean square only: no mean subtraction and no bias, which is cheaper
// than LayerNorm and works as well for transformers (Zhang & Sennrich 2019).

import Foundation

/// Places where a stage's `--mine` puts the learner's exercise code into the library.
public enum LearnerHooks {
    public typealias RMSNorm = @Sendable ([Float], [Float], Float) -> [Float]?
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installedRMSNorm: RMSNorm?

    /// Stage 2's `--mine`: exercise 2.2's RMSNorm computes every `rmsNorm` in no-grad mode while
    /// `body` runs (rows, weight, eps → values, or nil to fall back to the library's). A plain
    /// locked global rather than a task-local: `body` is ordinary synchronous code.
    public static func withRMSNorm<R>(_ hook: @escaping RMSNorm, _ body: () throws -> R) rethrows -> R {
        lock.lock(); installedRMSNorm = hook; lock.unlock()
        defer { lock.lock(); installedRMSNorm = nil; lock.unlock() }
        return try body()
    }

    static var rmsNorm: RMSNorm? { lock.lock(); defer { lock.unlock() }; return installedRMSNorm }
}

extension Tensor {
    /// y = x / sqrt(mean(x²) + eps) · weight, over the last axis; weight has shape [width].
    /// Loops run over raw pointers (the compiler vectorizes them), rows split across threads.
    public func rmsNorm(weight: Tensor, eps: Float = 1e-6) -> Tensor {
        let (rows, width) = lastAxisRows
        precondition(weight.shape == [width], "rmsNorm: weight \(weight.shape) for width \(width)")
        // Grad mode first: a training step never takes the hook's lock.
        if !GradMode.isEnabled, let learner = LearnerHooks.rmsNorm, let values = learner(data, weight.data, eps), values.count == count {
            return Tensor(values, shape: shape)
        }
        var inverseRMS = [Float](repeating: 0, count: rows)  // 1/sqrt(mean(x²)+eps) per row
        let y = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            data.withUnsafeBufferPointer { px in weight.data.withUnsafeBufferPointer { pw in
                inverseRMS.withUnsafeMutableBufferPointer { inverse in
                    Parallel.rows(rows, cost: count) { range in
                        let w = pw.baseAddress!
                        for r in range {
                            let x = px.baseAddress! + r * width, o = out.baseAddress! + r * width
                            let inv = 1 / (VectorMath.dot(x, x, width) / Float(width) + eps).squareRoot()
                            inverse[r] = inv
                            for j in 0..<width { o[j] = x[j] * inv * w[j] }
                        }
                    }
                }
            } }
            initialized = count
        }
        let x = data, w = weight.data
        return Tensor(result: y, shape: shape, op: "rmsNorm", inputs: [self, weight]) { [self] g in
            // With x̂ = x·inv: dw_j = Σ_rows g_j x̂_j and
            // dx = inv · (g·w - x̂ · mean(g·w·x̂)).
            if self.requiresGrad {
                let dx = [Float](unsafeUninitializedCapacity: x.count) { d, initialized in
                    x.withUnsafeBufferPointer { px in w.withUnsafeBufferPointer { pw in g.withUnsafeBufferPointer { pg in
                        Parallel.rows(rows, cost: x.count) { range in
                            let w = pw.baseAddress!
                            for r in range {
                                let inv = inverseRMS[r]
                                let xr = px.baseAddress! + r * width, gr = pg.baseAddress! + r * width
                                let dr = d.baseAddress! + r * width
                                for j in 0..<width { dr[j] = gr[j] * w[j] }          // g·w, for now
                                let meanDot = VectorMath.dot(dr, xr, width) * inv / Float(width)
                                for j in 0..<width { dr[j] = inv * (dr[j] - xr[j] * inv * meanDot) }
                            }
                        }
                    } } }
                    initialized = x.count
                }
                self.accumulateGrad(dx)
            }
            if weight.requiresGrad {
                weight.withGradBuffer { dw in
                    x.withUnsafeBufferPointer { px in g.withUnsafeBufferPointer { pg in
                        for r in 0..<rows {
                            let inv = inverseRMS[r]
                            let xr = px.baseAddress! + r * width, gr = pg.baseAddress! + r * width
                            for j in 0..<width { dw[j] += gr[j] * xr[j] * inv }
                        }
                    } }
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
