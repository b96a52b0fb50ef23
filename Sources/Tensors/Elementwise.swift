// Elementwise arithmetic with broadcasting, and its gradients (chapter 1).
// Binary ops share one kernel (`binary`) that handles the three layouts that matter for speed:
// equal shapes, a broadcast operand, and the general strided case.

import Foundation

extension Tensor {
    /// Applies `f` elementwise over the broadcast shape of `a` and `b`.
    @inline(__always)
    static func binaryValues(_ a: Tensor, _ b: Tensor, _ op: String,
                             _ f: (Float, Float) -> Float) -> (values: [Float], shape: [Int]) {
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            preconditionFailure("\(op): shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        let n = outShape.reduce(1, *)
        let values = [Float](unsafeUninitializedCapacity: n) { out, initialized in
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    if a.shape == b.shape {
                        for i in 0..<n { out[i] = f(pa[i], pb[i]) }
                    } else if pb.count == 1 {
                        let y = pb[0]
                        for i in 0..<n { out[i] = f(pa[i], y) }
                    } else if pa.count == 1 {
                        let x = pa[0]
                        for i in 0..<n { out[i] = f(x, pb[i]) }
                    } else {
                        let sa = Broadcast.strides(of: a.shape, in: outShape)
                        let sb = Broadcast.strides(of: b.shape, in: outShape)
                        Broadcast.forEach(outShape, sa, sb) { i, ia, ib in out[i] = f(pa[ia], pb[ib]) }
                    }
                }
            }
            initialized = n
        }
        return (values, outShape)
    }

    // snippet.add
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let (values, shape) = binaryValues(a, b, "add", +)
        return Tensor(result: values, shape: shape, op: "+", inputs: [a, b]) { g in
            // d(a+b)/da = 1: the gradient passes through, summed over broadcast axes.
            if a.requiresGrad { a.accumulateGrad(Broadcast.reduce(g, from: shape, to: a.shape)) }
            if b.requiresGrad { b.accumulateGrad(Broadcast.reduce(g, from: shape, to: b.shape)) }
        }
    }
    // snippet.end

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let (values, shape) = binaryValues(a, b, "sub", -)
        return Tensor(result: values, shape: shape, op: "-", inputs: [a, b]) { g in
            if a.requiresGrad { a.accumulateGrad(Broadcast.reduce(g, from: shape, to: a.shape)) }
            if b.requiresGrad { b.accumulateGrad(Broadcast.reduce(g.map { -$0 }, from: shape, to: b.shape)) }
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let (values, shape) = binaryValues(a, b, "mul", *)
        return Tensor(result: values, shape: shape, op: "*", inputs: [a, b]) { g in
            // d(a*b)/da = b, broadcast to the output shape first, then reduced back.
            let gt = Tensor(g, shape: shape)
            if a.requiresGrad {
                a.accumulateGrad(Broadcast.reduce(binaryValues(gt, b, "mul", *).values, from: shape, to: a.shape))
            }
            if b.requiresGrad {
                b.accumulateGrad(Broadcast.reduce(binaryValues(gt, a, "mul", *).values, from: shape, to: b.shape))
            }
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let (values, shape) = binaryValues(a, b, "div", /)
        return Tensor(result: values, shape: shape, op: "/", inputs: [a, b]) { g in
            let gt = Tensor(g, shape: shape)
            let gOverB = binaryValues(gt, b, "div", /)  // g / b, shape `shape`
            if a.requiresGrad { a.accumulateGrad(Broadcast.reduce(gOverB.values, from: shape, to: a.shape)) }
            if b.requiresGrad {
                // d(a/b)/db = -a/b² = -(a/b)/b; reuse the forward values.
                let y = Tensor(values, shape: shape)
                let gb = binaryValues(Tensor(gOverB.values, shape: shape), y, "mul") { -$0 * $1 }
                b.accumulateGrad(Broadcast.reduce(gb.values, from: shape, to: b.shape))
            }
        }
    }

    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    public static func + (a: Tensor, s: Float) -> Tensor { a + Tensor(scalar: s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a + Tensor(scalar: -s) }
    public static func * (a: Tensor, s: Float) -> Tensor { a * Tensor(scalar: s) }
    public static func / (a: Tensor, s: Float) -> Tensor { a * Tensor(scalar: 1 / s) }
    public static func + (s: Float, a: Tensor) -> Tensor { Tensor(scalar: s) + a }
    public static func * (s: Float, a: Tensor) -> Tensor { Tensor(scalar: s) * a }
}

// MARK: - Unary functions

extension Tensor {
    /// An elementwise function whose derivative can be written from the input x and output y.
    /// When a gradient will be needed, the slopes dy/dx are computed here, in the same loop as y,
    /// where `f` and `derivative` are inlined; backward is then one multiplication per element
    /// instead of a closure call per element.
    @inline(__always)
    func unary(_ op: String, _ f: (Float) -> Float,
               derivative: (_ x: Float, _ y: Float) -> Float) -> Tensor {
        let n = count
        let tracked = GradMode.isEnabled && requiresGrad
        var slopes: [Float] = []
        let y = [Float](unsafeUninitializedCapacity: n) { out, initialized in
            data.withUnsafeBufferPointer { px in
                for i in 0..<n { out[i] = f(px[i]) }
                if tracked {
                    slopes = [Float](unsafeUninitializedCapacity: n) { s, c in
                        for i in 0..<n { s[i] = derivative(px[i], out[i]) }
                        c = n
                    }
                }
            }
            initialized = n
        }
        return Tensor(result: y, shape: shape, op: op, inputs: [self]) { [self] g in
            let dx = [Float](unsafeUninitializedCapacity: n) { d, initialized in
                slopes.withUnsafeBufferPointer { s in
                    g.withUnsafeBufferPointer { pg in
                        for i in 0..<n { d[i] = pg[i] * s[i] }
                    }
                }
                initialized = n
            }
            self.accumulateGrad(dx)
        }
    }

    public func exp() -> Tensor { unary("exp", { Foundation.exp($0) }, derivative: { _, y in y }) }
    public func log() -> Tensor { unary("log", { Foundation.log($0) }, derivative: { x, _ in 1 / x }) }
    public func sqrt() -> Tensor { unary("sqrt", { $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }
    public func tanh() -> Tensor { unary("tanh", { Foundation.tanh($0) }, derivative: { _, y in 1 - y * y }) }
    public func square() -> Tensor { unary("square", { $0 * $0 }, derivative: { x, _ in 2 * x }) }
    public func sigmoid() -> Tensor {
        unary("sigmoid", { 1 / (1 + Foundation.exp(-$0)) }, derivative: { _, y in y * (1 - y) })
    }

    // snippet.relu
    /// max(0, x). The derivative at exactly 0 is taken as 0, as PyTorch does.
    public func relu() -> Tensor {
        unary("relu", { max(0, $0) }, derivative: { x, _ in x > 0 ? 1 : 0 })
    }
    // snippet.end

    /// GELU with the tanh approximation (T5's "gelu_new"):
    /// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    public func gelu() -> Tensor {
        let c: Float = 0.7978845608028654  // √(2/π)
        return unary("gelu", { x in
            0.5 * x * (1 + Foundation.tanh(c * (x + 0.044715 * x * x * x)))
        }, derivative: { x, _ in
            let t = Foundation.tanh(c * (x + 0.044715 * x * x * x))
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
        })
    }
}
