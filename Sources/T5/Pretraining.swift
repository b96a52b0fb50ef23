// Pretraining the tiny T5 from scratch with span corruption (chapter 2), with progress,
// atomic checkpoints and exact resumption: the batch for step s is generated from (seed, s)
// alone, and the checkpoint holds the weights, Adam's moments and the loss history, so a run
// killed at any point and resumed ends with the numbers of an uninterrupted run.

import Foundation
import Tensors

// snippet.pretrain-options
public struct PretrainingOptions: Codable, Equatable, Sendable {
    public var steps = 1500
    public var batchSize = 32
    public var peakLearningRate: Float = 2e-3
    public var warmupSteps = 150
    public var weightDecay: Float = 0.01
    public var clipNorm: Float = 1
    public var seed: UInt64 = 1
    public var checkpointEvery = 250
    public var recordEvery = 25
    public init() {}
}
// snippet.end

public struct LossPoint: Codable, Equatable, Sendable {
    public let step: Int
    public let loss: Float
}

public enum PretrainingError: Error, CustomStringConvertible {
    case optionsDiffer(path: String)
    case corruptCheckpoint(path: String, reason: String)
    public var description: String {
        switch self {
        case .optionsDiffer(let p): return "\(p): checkpoint was made with other options; use a new --output folder or the same options"
        case .corruptCheckpoint(let p, let r): return "\(p): cannot resume: \(r)"
        }
    }
}

public final class Pretrainer {
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let world: SyntheticWorld
    public let options: PretrainingOptions
    public private(set) var step = 0
    /// The loss of every step so far (saved with checkpoints, so the curve survives a resume).
    public private(set) var stepLosses: [Float] = []
    /// The loss curve: means over windows of `recordEvery` steps (step 1 on its own).
    public var history: [LossPoint] {
        var points: [LossPoint] = [], window: [Float] = []
        for (i, loss) in stepLosses.enumerated() {
            window.append(loss)
            let s = i + 1
            if s == 1 || s % options.recordEvery == 0 || s == stepLosses.count {
                points.append(LossPoint(step: s, loss: window.reduce(0, +) / Float(window.count)))
                window.removeAll()
            }
        }
        return points
    }
    let optimizer: Adam
    let corruption = SpanCorruption()

    public init(config: T5Config, vocabulary: Vocabulary, world: SyntheticWorld, options: PretrainingOptions) {
        self.model = T5Model(config: config, seed: options.seed)
        (self.vocabulary, self.world, self.options) = (vocabulary, world, options)
        optimizer = AdamW(model.parameters, learningRate: options.peakLearningRate, weightDecay: options.weightDecay)
    }

    /// The batch of step `s`: sentences → ids → span corruption, padded (labels with -100).
    public func batch(at s: Int) -> T5Batch {
        var rng = SeededGenerator(seed: options.seed &* 0x9E37_79B9 &+ UInt64(s))
        var inputs: [[Int]] = [], targets: [[Int]] = []
        for _ in 0..<options.batchSize {
            let ids = vocabulary.encode(world.sentence(&rng), addEOS: false)
            let (input, target) = corruption.corrupt(ids, vocabulary: vocabulary, rng: &rng)
            inputs.append(input); targets.append(target)
        }
        let s = inputs.map(\.count).max()!, t = targets.map(\.count).max()!
        return T5Batch(inputIDs: inputs.map { $0 + Array(repeating: Vocabulary.pad, count: s - $0.count) },
                       attentionMask: inputs.map { Array(repeating: 1, count: $0.count) + Array(repeating: 0, count: s - $0.count) },
                       labels: targets.map { $0 + Array(repeating: -100, count: t - $0.count) })
    }

    // snippet.pretrain-step
    /// One optimization step; returns the loss.
    public func trainStep() throws -> Float {
        let schedule = LinearWarmupDecay(peak: options.peakLearningRate, warmupSteps: options.warmupSteps,
                                         totalSteps: options.steps)
        let b = batch(at: step)
        optimizer.zeroGrad()
        let encoded = model.encode(b.inputIDs, attentionMask: b.attentionMask)
        let logits = model.decode(model.shiftRight(b.labels), encoder: encoded)
        let loss = try model.loss(logits: logits, labels: b.labels)
        loss.backward()
        clipGradientNorm(model.parameters, maxNorm: options.clipNorm)
        optimizer.learningRate = schedule.rate(atStep: step + 1)   // +1: the first step moves
        optimizer.step()
        step += 1
        return loss.item
    }
    // snippet.end

    /// Trains until `options.steps`, checkpointing into `folder` every `checkpointEvery` steps
    /// and at the end. `report` sees every step (for progress display).
    public func run(checkpointFolder folder: URL?, report: (Int, Float) throws -> Void = { _, _ in }) throws {
        while step < options.steps {
            let loss = try trainStep()
            stepLosses.append(loss)
            try report(step, loss)
            if let folder, step % options.checkpointEvery == 0 || step == options.steps { try save(to: folder) }
        }
    }

    // MARK: checkpoints (the format is TrainingCheckpoint's)

    public func save(to folder: URL) throws {
        try TrainingCheckpoint.save(model: model, vocabulary: vocabulary, optimizer: optimizer, step: step,
                                    losses: stepLosses, options: options, to: folder)
    }

    /// Restores the state saved in `folder`. Returns false when there is nothing to resume.
    public func resume(from folder: URL) throws -> Bool {
        guard let restored = try TrainingCheckpoint.restore(from: folder, model: model, optimizer: optimizer, options: options) else {
            return false
        }
        (step, stepLosses) = restored
        return true
    }
}
