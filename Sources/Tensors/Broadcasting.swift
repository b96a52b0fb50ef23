// Broadcasting (chapter 1): how tensors of different shapes combine elementwise, NumPy-style.
// Shapes are aligned on the right; a dimension of size 1 (or a missing one) is stretched to
// match. The gradient of a broadcast input is the output gradient summed over the stretched axes.

/// Shape arithmetic shared by the elementwise operations and their gradients.
public enum Broadcast {
    // snippet.broadcast-shape
    /// The shape two operands broadcast to, or nil when they are incompatible.
    /// Example: [4, 1, 3] and [2, 1] broadcast to [4, 2, 3].
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else { return nil }
            result[i] = da == 1 ? db : da
        }
        return result
    }
    // snippet.end

    /// Row-major strides of `shape` as seen from `outShape`: 0 along every broadcast axis, so
    /// walking the output with these strides revisits the same input element.
    static func strides(of shape: [Int], in outShape: [Int]) -> [Int] {
        let offset = outShape.count - shape.count
        var strides = [Int](repeating: 0, count: outShape.count)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i + offset] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }

    /// Calls `body(outIndex, aOffset, bOffset)` for every element of `outShape` in row-major order.
    /// The innermost axis is a plain loop; the outer axes advance like an odometer.
    @inline(__always)
    static func forEach(_ outShape: [Int], _ sa: [Int], _ sb: [Int], _ body: (Int, Int, Int) -> Void) {
        let total = outShape.reduce(1, *)
        guard total > 0 else { return }
        let rank = outShape.count
        if rank == 0 { body(0, 0, 0); return }
        let inner = outShape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var offA = 0, offB = 0, out = 0
        while out < total {
            var a = offA, b = offB
            for _ in 0..<inner { body(out, a, b); out += 1; a += ia; b += ib }
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1; offA += sa[axis]; offB += sb[axis]
                if index[axis] < outShape[axis] { break }
                offA -= sa[axis] * outShape[axis]; offB -= sb[axis] * outShape[axis]
                index[axis] = 0; axis -= 1
            }
        }
    }

    /// Sums a gradient of shape `outShape` down to `shape` (the inverse of broadcasting).
    static func reduce(_ g: [Float], from outShape: [Int], to shape: [Int]) -> [Float] {
        if outShape == shape { return g }
        var result = [Float](repeating: 0, count: shape.reduce(1, *))
        let s = strides(of: shape, in: outShape)
        result.withUnsafeMutableBufferPointer { r in
            g.withUnsafeBufferPointer { gp in
                forEach(outShape, s, s) { i, a, _ in r[a] += gp[i] }
            }
        }
        return result
    }
}
