// A prompt projector (Su et al., NAACL 2022, cross-model transfer): a small MLP that maps a prompt
// trained on one backbone to a prompt for another. The paper flattens a whole shallow prompt
// into one vector; a flattened deep prompt of the tiny backbone ([4, 2, 20, 128] = 20,480
// values) would need a projector larger than the backbone, so the kit maps row by row: every
// (layer, key/value, position) row of the source width goes through the same MLP,
// tanh(x·W1ᵀ + b1)·W2ᵀ + b2, to a row of the target width. This file holds the map and one
// gradient step of the paper's first objective, distance minimisation (the projected prompt
// should equal a prompt trained on the target model for the same task). The second objective,
// task tuning through the frozen target model, is ProjectedPrompt.swift.

import Tensors

/// The projector's weights as plain arrays, row-major: w1 [hidden, inWidth], b1 [hidden],
/// w2 [outWidth, hidden], b2 [outWidth].
public struct ProjectorWeights: Equatable, Sendable {
    public var inWidth: Int, hidden: Int, outWidth: Int
    public var w1: [Float], b1: [Float], w2: [Float], b2: [Float]

    public init(inWidth: Int, hidden: Int, outWidth: Int, w1: [Float], b1: [Float], w2: [Float], b2: [Float]) {
        precondition(w1.count == hidden * inWidth && b1.count == hidden && w2.count == outWidth * hidden && b2.count == outWidth,
                     "projector weights do not fit \(inWidth) → \(hidden) → \(outWidth)")
        (self.inWidth, self.hidden, self.outWidth) = (inWidth, hidden, outWidth)
        (self.w1, self.b1, self.w2, self.b2) = (w1, b1, w2, b2)
    }

    /// Seeded N(0, 1/fan-in) weights and zero biases.
    public init(inWidth: Int, hidden: Int, outWidth: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        func normal(_ count: Int, fanIn: Int) -> [Float] {
            (0..<count).map { _ in Float(rng.nextNormal()) / Float(fanIn).squareRoot() }
        }
        self.init(inWidth: inWidth, hidden: hidden, outWidth: outWidth, w1: normal(hidden * inWidth, fanIn: inWidth),
                  b1: [Float](repeating: 0, count: hidden), w2: normal(outWidth * hidden, fanIn: hidden),
                  b2: [Float](repeating: 0, count: outWidth))
    }
}

// snippet.projector
public final class PromptProjector {
    public let w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor

    public init(_ weights: ProjectorWeights) {
        w1 = Tensor(weights.w1, shape: [weights.hidden, weights.inWidth], requiresGrad: true)
        b1 = Tensor(weights.b1, shape: [weights.hidden], requiresGrad: true)
        w2 = Tensor(weights.w2, shape: [weights.outWidth, weights.hidden], requiresGrad: true)
        b2 = Tensor(weights.b2, shape: [weights.outWidth], requiresGrad: true)
    }

    public var weights: ProjectorWeights {
        ProjectorWeights(inWidth: w1.shape[1], hidden: w1.shape[0], outWidth: w2.shape[0], w1: w1.data, b1: b1.data, w2: w2.data, b2: b2.data)
    }

    /// rows [m, inWidth] → [m, outWidth], each row on its own.
    public func callAsFunction(_ rows: Tensor) -> Tensor {
        (rows.matmul(w1, transposeOther: true) + b1).tanh().matmul(w2, transposeOther: true) + b2
    }

    /// Distance minimisation: the mean squared difference between the projected rows and
    /// `targets` [m, outWidth], the same prompt trained on the target model.
    public func distanceLoss(_ rows: Tensor, targets: Tensor) -> Tensor {
        let difference = self(rows) - targets
        return (difference * difference).mean()
    }

    /// One plain gradient step on the distance loss; returns the loss before the step.
    @discardableResult
    public func sgdStep(_ rows: Tensor, targets: Tensor, learningRate: Float) -> Float {
        for p in [w1, b1, w2, b2] { p.grad = nil }
        let loss = distanceLoss(rows, targets: targets)
        loss.backward()
        for p in [w1, b1, w2, b2] {
            guard let g = p.grad else { continue }
            p.data = zip(p.data, g).map { $0 - learningRate * $1 }
        }
        return loss.item
    }
}
// snippet.end
