// Reshape, permute/transpose, concatenation and slicing (chapter 1).
// These move elements without arithmetic, so each gradient moves the output gradient back
// along the same map: a reshape's gradient is a reshape, a permutation's is the inverse one.

extension Tensor {
    /// The same elements under a new shape (one dimension may be -1: inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let hole = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            target[hole] = count / known
        }
        precondition(target.reduce(1, *) == count, "cannot reshape \(shape) (\(count) elements) to \(newShape)")
        return Tensor(result: data, shape: target, op: "reshape", inputs: [self]) { [self] g in
            self.accumulateGrad(g)  // same row-major order: the gradient is already in place
        }
    }

    /// Reorders the axes: result axis i is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank), "permutation \(order) invalid for rank \(rank)")
        let outShape = order.map { shape[$0] }
        let forward = Tensor.permute(data, shape: shape, order: order)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in order.enumerated() { inverse[axis] = i }
        return Tensor(result: forward, shape: outShape, op: "permute", inputs: [self]) { [self] g in
            self.accumulateGrad(Tensor.permute(g, shape: outShape, order: inverse))
        }
    }

    /// Swaps two axes (default: the last two, the matrix transpose).
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        let a = a < 0 ? a + rank : a, b = b < 0 ? b + rank : b
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return permuted(order)
    }

    /// Row-major copy of `values` (laid out as `shape`) with axes reordered by `order`.
    static func permute(_ values: [Float], shape: [Int], order: [Int]) -> [Float] {
        let outShape = order.map { shape[$0] }
        // Strides of the input, listed in output-axis order: walking the output row-major
        // with these strides reads the input in the permuted order.
        let inStrides = Broadcast.strides(of: shape, in: shape)
        let readStrides = order.map { shape[$0] == 1 ? 0 : inStrides[$0] }
        return [Float](unsafeUninitializedCapacity: values.count) { o, initialized in
            values.withUnsafeBufferPointer { x in
                if let last = order.last, last == shape.count - 1, shape[last] > 1 {
                    // The last axis stays last (splitting or joining attention heads): copy
                    // contiguous runs instead of single elements.
                    let run = shape[last]
                    let outer = Array(outShape.dropLast()), strides = Array(readStrides.dropLast())
                    var out = 0
                    Broadcast.forEach(outer.isEmpty ? [1] : outer, strides.isEmpty ? [0] : strides,
                                      strides.isEmpty ? [0] : strides) { _, src, _ in
                        for j in 0..<run { o[out + j] = x[src + j] }
                        out += run
                    }
                } else {
                    Broadcast.forEach(outShape, readStrides, readStrides) { i, src, _ in o[i] = x[src] }
                }
            }
            initialized = values.count
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat needs at least one tensor")
        let rank = parts[0].rank
        let axis = axis < 0 ? axis + rank : axis
        for p in parts {
            precondition(p.rank == rank && (0..<rank).allSatisfy { $0 == axis || p.shape[$0] == parts[0].shape[$0] },
                         "concat: shapes \(parts.map(\.shape)) differ outside axis \(axis)")
        }
        let outer = parts[0].shape[..<axis].reduce(1, *)
        let inner = parts[0].shape[(axis + 1)...].reduce(1, *)
        let widths = parts.map { $0.shape[axis] * inner }  // contiguous run per outer index
        let total = widths.reduce(0, +)
        var out = [Float](repeating: 0, count: outer * total)
        var column = 0
        for (p, w) in zip(parts, widths) {
            for o in 0..<outer { out.replaceSubrange((o * total + column)..<(o * total + column + w),
                                                     with: p.data[(o * w)..<(o * w + w)]) }
            column += w
        }
        var outShape = parts[0].shape
        outShape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        return Tensor(result: out, shape: outShape, op: "concat", inputs: parts) { g in
            var column = 0
            for (p, w) in zip(parts, widths) {
                if p.requiresGrad {
                    var dp = [Float](repeating: 0, count: outer * w)
                    for o in 0..<outer { dp.replaceSubrange((o * w)..<(o * w + w),
                                                            with: g[(o * total + column)..<(o * total + column + w)]) }
                    p.accumulateGrad(dp)
                }
                column += w
            }
        }
    }

    /// The elements with index in `range` along `axis` (a copy, like `narrow` in PyTorch).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = axis < 0 ? axis + rank : axis
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice \(range) out of bounds for axis \(axis) of \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let full = shape[axis] * inner, w = range.count * inner, start = range.lowerBound * inner
        var out = [Float](repeating: 0, count: outer * w)
        for o in 0..<outer { out.replaceSubrange((o * w)..<(o * w + w), with: data[(o * full + start)..<(o * full + start + w)]) }
        var outShape = shape
        outShape[axis] = range.count
        return Tensor(result: out, shape: outShape, op: "slice", inputs: [self]) { [self] g in
            self.withGradBuffer { d in
                for o in 0..<outer { for j in 0..<w { d[o * full + start + j] += g[o * w + j] } }
            }
        }
    }
}
