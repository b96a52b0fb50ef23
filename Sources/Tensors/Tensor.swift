// Tensor: a row-major Float32 array with a shape, and (optionally) a place in a computation graph.
// Chapter 1. Each tensor that results from an operation remembers its inputs and a closure that
// pushes its gradient back to them; `backward()` in Autograd.swift runs those closures in reverse.

import Foundation

/// An n-dimensional Float32 array that can take part in reverse-mode differentiation.
///
/// A class, not a struct: autodiff needs identity (two uses of the same value must add their
/// gradients into one place), and graph nodes refer to their inputs.
public final class Tensor {
    // snippet.storage
    /// Dimensions, outermost first. A scalar has shape `[]`.
    public let shape: [Int]
    /// Elements in row-major order: the last index varies fastest.
    public var data: [Float]
    /// d(loss)/d(self), same layout as `data`; nil until a gradient reaches this tensor.
    public var grad: [Float]?
    /// Whether gradients should be computed for this tensor. Leaves (parameters) set it;
    /// results inherit it from their inputs. A frozen parameter has it false.
    public var requiresGrad: Bool
    /// The operation that made this tensor ("leaf" for inputs and parameters).
    public let op: String
    /// The tensors this one was computed from (empty unless a gradient must flow through).
    let inputs: [Tensor]
    /// Adds this tensor's gradient, `grad`, into its inputs' gradients.
    let backwardFn: ((_ grad: [Float]) -> Void)?
    // snippet.end
    /// A human-readable name, used by diagrams and error messages.
    public var name: String?

    /// A leaf tensor: data you supply (inputs) or parameters you train.
    public init(_ data: [Float], shape: [Int], requiresGrad: Bool = false, name: String? = nil) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(data.count == shape.reduce(1, *),
                     "data has \(data.count) elements but shape \(shape) needs \(shape.reduce(1, *))")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
        self.op = "leaf"
        self.inputs = []
        self.backwardFn = nil
        self.name = name
    }

    /// The result of an operation. Records inputs and the backward closure only when a gradient
    /// can flow: in no-grad mode, or when no input needs a gradient, nothing is kept, so inference
    /// and frozen weights cost no graph memory.
    public init(result data: [Float], shape: [Int], op: String, inputs: [Tensor],
         backward: @escaping (_ grad: [Float]) -> Void) {
        precondition(data.count == shape.reduce(1, *), "\(op): result size does not match shape \(shape)")
        _ = Allocator.tuned
        self.shape = shape
        self.data = data
        self.op = op
        let tracked = GradMode.isEnabled && inputs.contains { $0.requiresGrad }
        self.requiresGrad = tracked
        self.inputs = tracked ? inputs : []
        self.backwardFn = tracked ? backward : nil
    }

    /// Number of elements.
    public var count: Int { data.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// The single element of a one-element tensor (a loss, say).
    public var item: Float {
        precondition(data.count == 1, "item needs a one-element tensor, shape is \(shape)")
        return data[0]
    }

    /// A scalar leaf.
    public convenience init(scalar: Float, requiresGrad: Bool = false) {
        self.init([scalar], shape: [], requiresGrad: requiresGrad)
    }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor([Float](repeating: 0, count: shape.reduce(1, *)), shape: shape, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor([Float](repeating: 1, count: shape.reduce(1, *)), shape: shape, requiresGrad: requiresGrad)
    }

    public static func full(_ value: Float, _ shape: [Int]) -> Tensor {
        Tensor([Float](repeating: value, count: shape.reduce(1, *)), shape: shape)
    }

    /// A new leaf with the same values, cut off from the graph.
    public func detached() -> Tensor { Tensor(data, shape: shape) }

    /// Adds `g` into this tensor's gradient, allocating it (as zeros) on first use.
    public func accumulateGrad(_ g: [Float]) {
        precondition(g.count == data.count, "gradient size \(g.count) does not match \(shape)")
        if grad == nil { grad = g; return }
        grad!.withUnsafeMutableBufferPointer { dst in
            g.withUnsafeBufferPointer { src in
                for i in 0..<dst.count { dst[i] += src[i] }
            }
        }
    }

    /// Gives direct write access to the gradient buffer (zeros on first use), so kernels such as
    /// matrix products can accumulate into it without a temporary array.
    public func withGradBuffer<R>(_ body: (UnsafeMutableBufferPointer<Float>) -> R) -> R {
        if grad == nil { grad = [Float](repeating: 0, count: data.count) }
        return grad!.withUnsafeMutableBufferPointer { body($0) }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = data.prefix(8).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), op: \(op), data: [\(shown)\(data.count > 8 ? ", …" : "")])"
    }
}
