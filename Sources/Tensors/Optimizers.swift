// Optimizers: SGD with momentum, Adam, AdamW; and gradient-norm clipping (chapter 1).
// Each optimizer owns per-parameter state (momentum, moment estimates) and updates parameters
// in place from their `grad`. Parameters without a gradient (frozen, or unused) are skipped.

import Foundation

/// Anything that updates a list of parameters from their gradients.
public protocol Optimizer: AnyObject {
    var parameters: [Tensor] { get }
    var learningRate: Float { get set }
    /// Applies one update using each parameter's current `grad`.
    func step()
}

extension Optimizer {
    /// Clears every parameter's gradient before the next backward pass.
    public func zeroGrad() { for p in parameters { p.grad = nil } }
}

/// Stochastic gradient descent with optional momentum and (coupled, L2) weight decay.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let momentum: Float, weightDecay: Float
    private var velocity: [[Float]]

    public init(_ parameters: [Tensor], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = parameters.map { [Float](repeating: 0, count: $0.count) }
    }

    public func step() {
        for (i, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            p.data.withUnsafeMutableBufferPointer { w in velocity[i].withUnsafeMutableBufferPointer { vel in
                for j in 0..<w.count {
                    vel[j] = momentum * vel[j] + g[j] + weightDecay * w[j]
                    w[j] -= learningRate * vel[j]
                }
            } }
        }
    }
}

/// Adam (Kingma & Ba 2015). With `decoupledWeightDecay` it is AdamW (Loshchilov & Hutter 2019):
/// the decay shrinks the weights directly instead of being added to the gradient, so it is not
/// rescaled by Adam's per-parameter step sizes.
public final class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    public let weightDecay: Float, decoupledWeightDecay: Bool
    /// Number of steps taken (for bias correction); saved and restored with checkpoints.
    public var stepCount = 0
    /// First and second moment estimates, one array per parameter.
    public var m: [[Float]], v: [[Float]]

    public init(_ parameters: [Tensor], learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
        (self.weightDecay, self.decoupledWeightDecay) = (weightDecay, decoupledWeightDecay)
        m = parameters.map { [Float](repeating: 0, count: $0.count) }
        v = m
    }

    // snippet.adam-step
    public func step() {
        stepCount += 1
        let t = Float(stepCount)
        let correction1 = 1 - pow(beta1, t), correction2 = 1 - pow(beta2, t)
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            // Raw buffers: this loop runs over every weight every step, so no per-element
            // bounds or exclusivity checks, and the compiler can use vector instructions.
            grad.withUnsafeBufferPointer { g in p.data.withUnsafeMutableBufferPointer { w in
                m[i].withUnsafeMutableBufferPointer { m in v[i].withUnsafeMutableBufferPointer { v in
                    for j in 0..<w.count {
                        var gj = g[j]
                        if weightDecay != 0 && !decoupledWeightDecay { gj += weightDecay * w[j] }
                        m[j] = beta1 * m[j] + (1 - beta1) * gj          // running mean of g
                        v[j] = beta2 * v[j] + (1 - beta2) * gj * gj     // running mean of g²
                        let mHat = m[j] / correction1, vHat = v[j] / correction2
                        if decoupledWeightDecay { w[j] -= learningRate * weightDecay * w[j] }
                        w[j] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
                    }
                } }
            } }
        }
    }
    // snippet.end
}

/// AdamW: Adam with decoupled weight decay (default 0.01, as in PyTorch).
public func AdamW(_ parameters: [Tensor], learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999,
                  epsilon: Float = 1e-8, weightDecay: Float = 0.01) -> Adam {
    Adam(parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
         weightDecay: weightDecay, decoupledWeightDecay: true)
}

/// Scales all gradients down together so their global L2 norm is at most `maxNorm`.
/// Returns the norm before clipping (worth logging: spikes show instability).
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    var squares: Double = 0
    for p in parameters { if let g = p.grad { for x in g { squares += Double(x) * Double(x) } } }
    let norm = Float(squares.squareRoot())
    if norm > maxNorm && norm > 0 {
        let scale = maxNorm / norm
        for p in parameters where p.grad != nil {
            p.grad = p.grad!.map { $0 * scale }
        }
    }
    return norm
}
