// Reductions along axes (sum, mean) and argmax (chapter 1).
// The gradient of a sum copies the output gradient back over the summed axes; that is
// broadcasting run backwards, so it reuses Broadcast.forEach.

extension Tensor {
    /// Normalizes possibly negative axes (-1 = last) and checks them.
    func resolvedAxes(_ axes: [Int]) -> [Int] {
        let resolved = axes.map { $0 < 0 ? $0 + rank : $0 }
        precondition(resolved.allSatisfy { $0 >= 0 && $0 < rank }, "axes \(axes) out of range for shape \(shape)")
        return Array(Set(resolved)).sorted()
    }

    // snippet.sum
    /// Sums over `axes`. With `keepDims` the summed axes stay as size 1, which makes the result
    /// broadcast back against `self`.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let axes = resolvedAxes(axes)
        let keptShape = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        var total = [Float](repeating: 0, count: keptShape.reduce(1, *))
        let strides = Broadcast.strides(of: keptShape, in: shape)
        total.withUnsafeMutableBufferPointer { t in
            data.withUnsafeBufferPointer { x in
                Broadcast.forEach(shape, strides, strides) { i, o, _ in t[o] += x[i] }
            }
        }
        let outShape = keepDims ? keptShape : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        let inShape = shape
        return Tensor(result: total, shape: outShape, op: "sum", inputs: [self]) { [self] g in
            // Every input element contributed once to its output element: copy g back.
            var dx = [Float](repeating: 0, count: count)
            dx.withUnsafeMutableBufferPointer { d in
                g.withUnsafeBufferPointer { pg in
                    Broadcast.forEach(inShape, strides, strides) { i, o, _ in d[i] = pg[o] }
                }
            }
            self.accumulateGrad(dx)
        }
    }
    // snippet.end

    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// The sum of all elements, as a scalar.
    public func sum() -> Tensor { sum(axes: Array(0..<rank)) }

    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let n = resolvedAxes(axes).reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) * (1 / Float(n))
    }

    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// The mean of all elements, as a scalar.
    public func mean() -> Tensor { sum() * (1 / Float(max(count, 1))) }

    /// Index of the largest element along the last axis, for each leading position
    /// (ties go to the first). Not differentiable: used for greedy decoding and accuracy.
    public func argmaxLastAxis() -> [Int] {
        precondition(rank >= 1 && shape[rank - 1] > 0, "argmax needs a non-empty last axis")
        let width = shape[rank - 1]
        return data.withUnsafeBufferPointer { x in
            (0..<(count / width)).map { row in
                var best = 0
                for j in 1..<width where x[row * width + j] > x[row * width + best] { best = j }
                return best
            }
        }
    }
}
