// Gather (embedding lookup) and scatter-add, each the other's gradient (chapter 1).
// A language model's first layer is a gather: token ids pick rows of the embedding table.
// Its gradient adds each picked row's gradient back into that row: a scatter-add, where a
// token that appears twice receives the sum of both gradients.

extension Tensor {
    // snippet.gather
    /// Rows of a [rows, width] table picked by `indices`; the result has shape
    /// `indexShape + [width]`. Used as `embedding.gather(tokenIDs, indexShape: [batch, seq])`.
    public func gather(_ indices: [Int], indexShape: [Int]? = nil) -> Tensor {
        precondition(rank == 2, "gather reads rows of a 2-D table, shape is \(shape)")
        let (rows, width) = (shape[0], shape[1])
        let indexShape = indexShape ?? [indices.count]
        precondition(indexShape.reduce(1, *) == indices.count, "index shape \(indexShape) vs \(indices.count) indices")
        var out = [Float](repeating: 0, count: indices.count * width)
        out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { table in
                for (n, row) in indices.enumerated() {
                    precondition(row >= 0 && row < rows, "gather: index \(row) outside 0..<\(rows)")
                    for j in 0..<width { o[n * width + j] = table[row * width + j] }
                }
            }
        }
        return Tensor(result: out, shape: indexShape + [width], op: "gather", inputs: [self]) { [self] g in
            self.withGradBuffer { d in
                for (n, row) in indices.enumerated() {
                    for j in 0..<width { d[row * width + j] += g[n * width + j] }
                }
            }
        }
    }
    // snippet.end

    /// Adds row n of `self` ([n, width]) into row `indices[n]` of a zero [rows, width] result.
    public func scatterAdd(_ indices: [Int], rows: Int) -> Tensor {
        precondition(rank == 2 && shape[0] == indices.count, "scatterAdd: \(indices.count) indices for shape \(shape)")
        let width = shape[1]
        var out = [Float](repeating: 0, count: rows * width)
        out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { x in
                for (n, row) in indices.enumerated() {
                    precondition(row >= 0 && row < rows, "scatterAdd: index \(row) outside 0..<\(rows)")
                    for j in 0..<width { o[row * width + j] += x[n * width + j] }
                }
            }
        }
        return Tensor(result: out, shape: [rows, width], op: "scatterAdd", inputs: [self]) { [self] g in
            // The gradient of a scatter-add is a gather of the same rows.
            var dx = [Float](repeating: 0, count: indices.count * width)
            for (n, row) in indices.enumerated() {
                for j in 0..<width { dx[n * width + j] = g[row * width + j] }
            }
            self.accumulateGrad(dx)
        }
    }
}

extension Tensor {
    /// The given rows of axis 0, copied into a new tensor with no graph (decoding drops the
    /// sequences that have finished with it).
    public func rows(_ indices: [Int]) -> Tensor {
        let inner = shape.dropFirst().reduce(1, *)
        var out = [Float]()
        out.reserveCapacity(indices.count * inner)
        data.withUnsafeBufferPointer { p in
            for r in indices {
                precondition(r >= 0 && r < shape[0], "row \(r) is outside 0..<\(shape[0])")
                out.append(contentsOf: p[(r * inner)..<((r + 1) * inner)])
            }
        }
        return Tensor(out, shape: [indices.count] + Array(shape.dropFirst()))
    }
}
