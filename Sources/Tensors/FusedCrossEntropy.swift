// Cross-entropy over a large output layer, fused and vectorized (chapter 2, "Making it fast").
// `crossEntropy` in Softmax.swift is the taught version: it writes every row's softmax into a
// kept array with scalar exp. Here the forward pass keeps only two numbers per row (its maximum
// and log Σ exp), and the backward pass recomputes the probabilities straight into the gradient,
// eight at a time and one block of rows per thread. Tests check both give the same loss and
// gradient (TensorsTests/FusedKernelTests).

import Foundation

extension Tensor {
    // snippet.fused-cross-entropy
    /// The same value and gradient as `crossEntropy(targets:ignoreIndex:)`.
    public func fusedCrossEntropy(targets: [Int], ignoreIndex: Int = -100) -> Tensor {
        let (rows, width) = lastAxisRows
        precondition(targets.count == rows, "crossEntropy: \(targets.count) targets for \(rows) rows")
        for t in targets where t != ignoreIndex {
            precondition(t >= 0 && t < width, "crossEntropy: target \(t) outside 0..<\(width)")
        }
        // log Σ_j exp(x_j) per row: all the backward pass needs besides the logits themselves.
        var logTotals = [Float](repeating: 0, count: rows)
        var rowLoss = [Float](repeating: 0, count: rows)
        data.withUnsafeBufferPointer { px in logTotals.withUnsafeMutableBufferPointer { lt in
            rowLoss.withUnsafeMutableBufferPointer { loss in
                Parallel.rows(rows, cost: rows * width) { range in
                    let terms = UnsafeMutablePointer<Float>.allocate(capacity: width)   // e^(x - max), one row
                    defer { terms.deallocate() }
                    for r in range where targets[r] != ignoreIndex {
                        let row = px.baseAddress! + r * width
                        let peak = VectorMath.maximum(row, width)
                        lt[r] = peak + Foundation.log(VectorMath.expShifted(row, terms, width, shift: peak))
                        loss[r] = lt[r] - row[targets[r]]          // -log softmax at the target
                    }
                }
            }
        } }
        let counted = targets.reduce(0) { $0 + ($1 == ignoreIndex ? 0 : 1) }
        let scale = counted == 0 ? 0 : 1 / Float(counted)
        let total = rowLoss.reduce(0.0) { $0 + Double($1) }
        let logits = data
        return Tensor(result: [Float(total) * scale], shape: [], op: "crossEntropy", inputs: [self]) { [self] g in
            // d loss / d x_j = (softmax_j - [j = target]) / counted, recomputed from the logits.
            let s = scale * g[0]
            let dx = [Float](unsafeUninitializedCapacity: rows * width) { d, initialized in
                logits.withUnsafeBufferPointer { px in
                    Parallel.rows(rows, cost: rows * width) { range in
                        for r in range {
                            let out = d.baseAddress! + r * width
                            guard targets[r] != ignoreIndex else {
                                out.initialize(repeating: 0, count: width); continue
                            }
                            _ = VectorMath.expShifted(px.baseAddress! + r * width, out, width, shift: logTotals[r])
                            VectorMath.scale(out, width, by: s)
                            out[targets[r]] -= s
                        }
                    }
                }
                initialized = rows * width
            }
            self.accumulateGrad(dx)
        }
    }
    // snippet.end
}
