// Training the tiny-UIE backbone (chapter 3): from random weights, a mixture of text-to-structure
// examples from tasks sampled out of the pretraining world (PoolSampler: renamed labels, negative
// and dropped labels, the prompt shuffled) and text examples, as UIE mixes its structure and
// text objectives. The text objective that works is
// plain copying (sentence in, same sentence out): extraction means copying names never seen in
// training, and span corruption or reconstruction alone left the model stuck near 30-40 F1,
// writing the first word of a name twice. No dropout (the pool draws fresh sentences throughout,
// and the kit keeps pretraining deterministic). Batches depend on (seed, step) alone, so a killed
// run resumes to the same weights.

import Foundation
import T5
import Tensors

// snippet.backbone-options
public struct BackboneOptions: Codable, Equatable, Sendable {
    public var steps = 12000
    public var spanOnlySteps = 0          // optional first phase: text examples only
    public var textFraction = 0.3         // share of text examples in a batch
    /// Where text examples come from: sentences of the pretraining world, unlabelled sentences of
    /// the benchmark's domains (train-like draws; dev and test are held out), or random strings
    /// of vocabulary words, so that every word, label names included, is one the model can copy.
    public var textSources = TextSources()
    /// How pretraining tasks are sampled: renamed, negative and dropped labels.
    public var sampling = PoolSampling()
    public var batchSize = 32
    public var peakLearningRate: Float = 2e-3
    public var warmupSteps = 300
    public var weightDecay: Float = 0.01
    public var clipNorm: Float = 1
    public var sourceLimit = 128
    public var targetLimit = 128
    public var seed: UInt64 = 11
    public var checkpointEvery = 250
    /// What the text examples teach: T5's span corruption (predict the dropped spans),
    /// reconstruction (the same corrupted input, the whole sentence as target), or copy (the
    /// sentence in and out: a pure pointer exercise, which extracting unseen names needs most).
    public var textObjective = TextObjective.copy
    /// A checkpoint whose weights start this run (a fresh optimizer); nil = random initialization.
    public var initFrom: String?
    public init() {}
}

public enum TextObjective: String, Codable, Sendable, CaseIterable {
    case spanCorruption = "span-corruption", reconstruction, copy
}

/// Shares of the three text sources (they need not sum to 1; they are weights).
public struct TextSources: Codable, Equatable, Sendable {
    public var world = 0.45
    public var benchmark = 0.3
    public var randomWords = 0.25
    public init() {}
}
// snippet.end

/// Encodes a schema prompt plus sentence, and a target, into ids with the kit's limits.
public struct SELEncoder: Sendable {
    public let vocabulary: Vocabulary
    public let sourceLimit: Int, targetLimit: Int
    public init(vocabulary: Vocabulary, sourceLimit: Int = 128, targetLimit: Int = 128) {
        (self.vocabulary, self.sourceLimit, self.targetLimit) = (vocabulary, sourceLimit, targetLimit)
    }

    /// Ids of `text`, cut to `limit` tokens with `</s>` kept last. (UIE cuts `</s>` with the end of a
    /// long sentence; the kit keeps it so the encoder always sees where the input stops.)
    public func ids(_ text: String, limit: Int) -> [Int] {
        var ids = vocabulary.encode(text)
        if ids.count > limit { ids = Array(ids.prefix(limit - 1)) + [Vocabulary.eos] }
        return ids
    }
    public func source(prefix: String, text: String) -> [Int] { ids(prefix + " " + text, limit: sourceLimit) }
    public func target(_ sel: String) -> [Int] { ids(sel, limit: targetLimit) }

    /// Pads sources with <pad> (mask 0) and labels with -100.
    public static func batch(sources: [[Int]], targets: [[Int]]) -> T5Batch {
        let s = sources.map(\.count).max() ?? 1, t = targets.map(\.count).max() ?? 1
        return T5Batch(inputIDs: sources.map { $0 + Array(repeating: Vocabulary.pad, count: s - $0.count) },
                       attentionMask: sources.map { Array(repeating: 1, count: $0.count) + Array(repeating: 0, count: s - $0.count) },
                       labels: targets.map { $0 + Array(repeating: -100, count: t - $0.count) })
    }
}

public final class BackboneTrainer {
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let options: BackboneOptions
    public private(set) var step = 0
    public private(set) var stepLosses: [Float] = []
    let optimizer: Adam
    let encoder: SELEncoder
    let sampler: PoolSampler
    let benchmarkGenerators: [BenchmarkGenerator]
    let heldOut: Set<String>
    let corruption = SpanCorruption()

    /// `heldOut`: sentences that must never be trained on (evaluation splits). `architecture`:
    /// another shape than the kit's backbone (chapter 8's second model); its vocabulary size is
    /// replaced by the vocabulary's.
    public init(vocabulary: Vocabulary, options: BackboneOptions, heldOut: Set<String>, architecture: T5Config? = nil) throws {
        var config = architecture ?? .kitBackbone(vocabularySize: vocabulary.count)
        config.vocabSize = vocabulary.count
        model = T5Model(config: config, seed: options.seed)
        if let initFrom = options.initFrom {
            let start = try T5Model(checkpoint: URL(fileURLWithPath: initFrom))
            guard start.namedParameters().map(\.tensor.shape) == model.namedParameters().map(\.tensor.shape) else {
                throw PretrainingError.corruptCheckpoint(path: initFrom, reason: "its shapes differ from this run's model for this vocabulary")
            }
            for ((_, mine), (_, theirs)) in zip(model.namedParameters(), start.namedParameters()) { mine.data = theirs.data }
        }
        (self.vocabulary, self.options, self.heldOut) = (vocabulary, options, heldOut)
        encoder = SELEncoder(vocabulary: vocabulary, sourceLimit: options.sourceLimit, targetLimit: options.targetLimit)
        optimizer = AdamW(model.parameters, learningRate: options.peakLearningRate, weightDecay: options.weightDecay)
        sampler = PoolSampler(sampling: options.sampling, vocabulary: vocabulary)
        benchmarkGenerators = Benchmark.tasks.map { BenchmarkGenerator(spec: $0, names: Benchmark.names) }
    }

    // snippet.backbone-batch
    /// The batch of step `s`: a mixture of extraction examples from sampled world tasks and text
    /// examples (text only during the first `spanOnlySteps` steps, if any).
    public func batch(at s: Int) -> T5Batch {
        var rng = SeededGenerator(seed: options.seed &* 0x9E37_79B9 &+ UInt64(s))
        var sources: [[Int]] = [], targets: [[Int]] = []
        while sources.count < options.batchSize {
            let textOnly = s < options.spanOnlySteps || Double(rng.nextUniform()) < options.textFraction
            if textOnly {
                guard let words = textWords(&rng) else { continue }
                let ids = Array(vocabulary.encode(words.joined(separator: " "), addEOS: false).prefix(options.sourceLimit - 1))
                switch options.textObjective {
                case .copy:
                    sources.append(ids + [Vocabulary.eos])
                    targets.append(ids + [Vocabulary.eos])
                case .spanCorruption, .reconstruction:
                    let (input, target) = corruption.corrupt(ids, vocabulary: vocabulary, rng: &rng)
                    sources.append(input)
                    targets.append(options.textObjective == .spanCorruption ? target : ids + [Vocabulary.eos])
                }
            } else {
                let pooled = sampler.example(&rng)
                if heldOut.contains(pooled.example.text) { continue }
                sources.append(encoder.source(prefix: pooled.prompt.trainingPrefix(&rng), text: pooled.example.text))
                targets.append(encoder.target(pooled.example.record))
            }
        }
        return SELEncoder.batch(sources: sources, targets: targets)
    }

    /// The words of one text example, or nil for a held-out sentence (drawn again).
    func textWords(_ rng: inout SeededGenerator) -> [String]? {
        let t = options.textSources
        var u = Double(rng.nextUniform()) * (t.world + t.benchmark + t.randomWords)
        if u < t.world { let e = sampler.example(&rng).example; return heldOut.contains(e.text) ? nil : e.tokens }
        u -= t.world
        if u < t.benchmark {
            let e = benchmarkGenerators[rng.nextInt(below: benchmarkGenerators.count)].example(&rng)
            return heldOut.contains(e.text) ? nil : e.tokens
        }
        return (0..<(4 + rng.nextInt(below: 17))).map { _ in sampler.randomWords[rng.nextInt(below: sampler.randomWords.count)] }
    }
    // snippet.end

    public func trainStep() throws -> Float {
        let schedule = LinearWarmupDecay(peak: options.peakLearningRate, warmupSteps: options.warmupSteps, totalSteps: options.steps)
        let b = batch(at: step)
        optimizer.zeroGrad()
        let encoded = model.encode(b.inputIDs, attentionMask: b.attentionMask)
        let logits = model.decode(model.shiftRight(b.labels), encoder: encoded)
        let loss = try model.loss(logits: logits, labels: b.labels)
        loss.backward()
        clipGradientNorm(model.parameters, maxNorm: options.clipNorm)
        optimizer.learningRate = schedule.rate(atStep: step + 1)
        optimizer.step()
        step += 1
        stepLosses.append(loss.item)
        return loss.item
    }

    /// Trains to `options.steps` (or `until`), checkpointing into `folder`.
    public func run(until last: Int? = nil, checkpointFolder folder: URL?, report: (Int, Float) throws -> Void = { _, _ in }) throws {
        let end = min(last ?? options.steps, options.steps)
        while step < end {
            let loss = try trainStep()
            try report(step, loss)
            if let folder, step % options.checkpointEvery == 0 || step == end { try save(to: folder) }
        }
    }

    // MARK: checkpoints (stage 2's format, TrainingCheckpoint)

    public func save(to folder: URL) throws {
        try TrainingCheckpoint.save(model: model, vocabulary: vocabulary, optimizer: optimizer, step: step,
                                    losses: stepLosses, options: options, to: folder)
    }

    /// Restores a checkpoint written by `save`; false when there is none.
    public func resume(from folder: URL) throws -> Bool {
        guard let restored = try TrainingCheckpoint.restore(from: folder, model: model, optimizer: optimizer, options: options) else {
            return false
        }
        (step, stepLosses) = restored
        return true
    }
}
