// A small network trained on a 2-D toy problem (chapter 1): everything of stage 1 at work
// together — initializers, matrix products, broadcasting, cross-entropy, backward, Adam.

import Foundation

/// Two interleaved half-circles ("two moons"), labels 0 and 1, with Gaussian noise.
public struct TwoMoons {
    public let points: [Float]   // [count, 2], row-major
    public let labels: [Int]

    public init(count: Int, noise: Float = 0.1, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var points: [Float] = [], labels: [Int] = []
        for i in 0..<count {
            let label = i % 2
            let angle = Float.pi * rng.nextUniform()
            let (cx, cy): (Float, Float) = label == 0 ? (cos(angle), sin(angle)) : (1 - cos(angle), 0.5 - sin(angle))
            points += [cx + noise * Float(rng.nextNormal()), cy + noise * Float(rng.nextNormal())]
            labels.append(label)
        }
        (self.points, self.labels) = (points, labels)
    }

    public var inputs: Tensor { Tensor(points, shape: [labels.count, 2]) }
}

/// A multi-layer perceptron: linear layers with a nonlinearity (tanh by default) between them.
public struct MLP {
    public var weights: [Tensor], biases: [Tensor]
    /// The nonlinearity between layers: tanh, unless another is given (stage 1's `--mine` passes
    /// the learner's softplus from exercise 1.3). It may throw: a learner's code can.
    public var activation: (Tensor) throws -> Tensor

    /// Layer widths, e.g. [2, 16, 16, 2]; weights ~ N(0, 1/fan_in) so activations keep their scale.
    public init(widths: [Int], seed: UInt64, activation: @escaping (Tensor) throws -> Tensor = { $0.tanh() }) {
        self.activation = activation
        var rng = SeededGenerator(seed: seed)
        weights = zip(widths, widths.dropFirst()).map { fanIn, fanOut in
            Tensor.normal([fanIn, fanOut], std: 1 / Float(fanIn).squareRoot(), rng: &rng, requiresGrad: true)
        }
        biases = widths.dropFirst().map { Tensor.zeros([$0], requiresGrad: true) }
    }

    public var parameters: [Tensor] { weights + biases }

    /// x [batch, widths[0]] → logits [batch, widths.last].
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        var h = x
        for (i, (w, b)) in zip(weights, biases).enumerated() {
            h = h.matmul(w) + b
            if i < weights.count - 1 { h = try activation(h) }
        }
        return h
    }
}

/// One line of a training log.
public struct TrainingRecord: Sendable {
    public let step: Int, loss: Float, accuracy: Float
}

// snippet.training-loop
/// Trains `model` on the whole data set for `steps` full-batch Adam steps; records every
/// `every` steps (and the last).
public func trainClassifier(_ model: MLP, inputs: Tensor, labels: [Int], steps: Int,
                            learningRate: Float = 0.03, every: Int = 25) throws -> [TrainingRecord] {
    let optimizer = Adam(model.parameters, learningRate: learningRate)
    var log: [TrainingRecord] = []
    for step in 1...steps {
        optimizer.zeroGrad()
        let logits = try model(inputs)                   // [n, classes]
        let loss = logits.crossEntropy(targets: labels)  // scalar
        loss.backward()
        optimizer.step()
        if step % every == 0 || step == steps || step == 1 {
            let predicted = logits.argmaxLastAxis()
            let correct = zip(predicted, labels).filter { $0 == $1 }.count
            log.append(TrainingRecord(step: step, loss: loss.item, accuracy: Float(correct) / Float(labels.count)))
        }
    }
    return log
}
// snippet.end
