// Prompt tuning on a frozen model (chapter 4): epochs of shuffled mini-batches, Adam on the
// prompt only, the dev split scored with stage 3's evaluator after each epoch, the best prompt
// kept. State is checkpointed atomically after every epoch; batches depend on (seed, epoch)
// alone, so a resumed run ends with exactly the prompt of an uninterrupted one.

import Foundation
import SEL
import T5
import Tensors

// snippet.tuning-options
public struct PromptTuningOptions: Codable, Equatable, Sendable {
    public var epochs = 10
    public var batchSize = 32
    /// Adam's rate for prompt values: prompts need rates far above a model's (chapter 4's sweep).
    public var learningRate: Float = 0.3
    /// Linear decay over the run (after `warmupSteps`), down to 1/steps of the rate on the last
    /// step; false keeps the rate constant.
    public var decay = true
    public var warmupSteps = 0
    public var seed: UInt64 = 1
    /// Dev sentences scored after each epoch (the whole dev split when larger).
    public var devLimit = 200
    /// Decode with stage 3's SEL grammar constraint when scoring.
    public var constrained = true
    /// Each batch computed as this many micro-batches of similar length (see `batchLoss`): the
    /// same loss and gradient up to float rounding, with less padding. nil, the default here,
    /// computes a batch in one pass, as this chapter teaches; the continual loop uses 8.
    public var microBatches: Int?
    /// Dev is scored after every this many epochs and after the last; nil, the default, scores
    /// it after every epoch. Few-shot training (chapter 7) runs many short epochs, where scoring
    /// 100 dev sentences after each would cost more than the training.
    public var devEvery: Int?
    public init() {}
}
// snippet.end

/// One task's data as the tuner needs it: the splits, the schema and how to score it.
public struct TuningTask: Sendable {
    public let id: String
    public let kind: TaskKind
    public let schemas: TaskSchemas
    public let strategy: OffsetStrategy
    public let train: [UIEExample], dev: [UIEExample]
    /// The record schema of each training example when they are not all the task's own (replayed
    /// examples of earlier tasks, multi-task training); nil means `schemas.record` for all.
    public var trainSchemas: [Schema]?
    public init(id: String, kind: TaskKind, schemas: TaskSchemas, strategy: OffsetStrategy,
                train: [UIEExample], dev: [UIEExample], trainSchemas: [Schema]? = nil) {
        precondition(trainSchemas == nil || trainSchemas!.count == train.count, "one schema per training example")
        (self.id, self.kind, self.schemas, self.strategy, self.train, self.dev) = (id, kind, schemas, strategy, train, dev)
        self.trainSchemas = trainSchemas
    }
    public init(_ data: TaskData) {
        self.init(id: data.spec.id, kind: data.spec.kind, schemas: data.spec.schemas, strategy: data.spec.strategy,
                  train: data.train, dev: data.dev)
    }
}

public struct EpochRecord: Codable, Equatable, Sendable {
    public let epoch: Int
    public let trainLoss: Float
    /// nil for an epoch after which dev was not scored (`devEvery`).
    public let devF1: Double?
    public let seconds: Double
}

public enum PromptTuningError: Error, CustomStringConvertible, Equatable {
    case emptySplit(task: String, split: String)
    case corruptCheckpoint(path: String, reason: String)
    case optionsDiffer(path: String)
    public var description: String {
        switch self {
        case .emptySplit(let t, let s): return "task \(t): the \(s) split is empty"
        case .corruptCheckpoint(let p, let r): return "\(p): not a usable prompt checkpoint (\(r))"
        case .optionsDiffer(let p): return "\(p) was written by a run with other options or another task; use another folder or remove it"
        }
    }
}

// snippet.prompt-step
/// A fresh Adam per parameter group (no weight decay: an entry whose gradient stays zero never moves).
public struct PromptOptimizer {
    public let groups: [ParameterGroup]
    public let optimizers: [Adam]
    /// See `PromptTuningOptions.microBatches`.
    public var microBatches = 1

    public init(prompt: TunablePrompt, learningRate: Float, microBatches: Int? = nil) {
        groups = prompt.parameterGroups(learningRate: learningRate)
        optimizers = groups.map { Adam($0.tensors, learningRate: $0.learningRate) }
        self.microBatches = max(1, microBatches ?? 1)
    }

    /// One step: the frozen model's loss with the prompt, backward into the prompt alone, the
    /// prompt's own gradient hook (gradient isolation in stage 5), then Adam.
    public func step(model: T5Model, prompt: TunablePrompt, batch: T5Batch, learningRateScale: Float = 1) throws -> Float {
        for optimizer in optimizers { optimizer.zeroGrad() }
        let prompts = prompt.promptInputs(for: batch)
        var loss = try batchLoss(model: model, prompts: prompts, batch: batch, microBatches: microBatches)
        if let extra = prompt.extraLoss(for: batch) { loss = loss + extra }
        loss.backward()
        prompt.prepareGradients()
        for (optimizer, group) in zip(optimizers, groups) {
            optimizer.learningRate = group.learningRate * learningRateScale
            optimizer.step()
        }
        return loss.item
    }
}
// snippet.end

// snippet.micro-batches
/// The mean token loss of `batch`, computed as `microBatches` micro-batches of similar length.
/// A batch is padded to its longest source and target; SEL targets run from a few tokens to
/// sixty, so about half of a shuffled batch is padding, and the model computes every padded
/// position. Sorting the rows by length and padding each group only to its own longest row
/// skips most of that work. Padding never changes a real token's loss (the attention masks hide
/// it), so weighting each group's mean by its share of the batch's target tokens gives the loss
/// of the whole batch, and one backward pass through the sum gives its gradient. A per-row input
/// prompt ([B, n, d], chapter 9) is cut to each group's own rows.
public func batchLoss(model: T5Model, prompts: PromptInputs, batch: T5Batch, microBatches: Int) throws -> Tensor {
    func loss(_ b: T5Batch, _ prompts: PromptInputs) throws -> Tensor {
        let encoded = model.encode(b.inputIDs, attentionMask: b.attentionMask, prompts: prompts)
        let logits = model.decode(model.shiftRight(b.labels), encoder: encoded, prompts: prompts)
        return try model.loss(logits: logits, labels: b.labels)
    }
    let rows = batch.labels.count
    guard microBatches > 1, rows > 1, batch.decoderInputIDs == nil else { return try loss(batch, prompts) }
    let targetLength = batch.labels.map { $0.firstIndex(of: -100) ?? $0.count }
    let sourceLength = batch.inputIDs.indices.map { batch.attentionMask?[$0].reduce(0, +) ?? batch.inputIDs[$0].count }
    let order = batch.labels.indices.sorted { (targetLength[$0], sourceLength[$0], $0) < (targetLength[$1], sourceLength[$1], $1) }
    let total = Float(targetLength.reduce(0, +))
    let size = (rows + microBatches - 1) / microBatches
    var sum: Tensor?
    for start in stride(from: 0, to: rows, by: size) {
        let group = Array(order[start..<min(start + size, rows)])
        let tokens = group.reduce(0) { $0 + targetLength[$1] }
        guard tokens > 0 else { continue }   // rows with no target token add nothing to the mean
        let s = max(1, group.map { sourceLength[$0] }.max()!), t = group.map { targetLength[$0] }.max()!
        let part = T5Batch(inputIDs: group.map { Array(batch.inputIDs[$0].prefix(s)) },
                           attentionMask: batch.attentionMask.map { mask in group.map { Array(mask[$0].prefix(s)) } },
                           labels: group.map { Array(batch.labels[$0].prefix(t)) })
        var own = prompts
        if let perRow = prompts.inputPrompt, perRow.rank == 3 {   // rows [B, n, d] → this group's [g, n, d]
            let (n, d) = (perRow.shape[1], perRow.shape[2])
            own.inputPrompt = perRow.reshaped([rows, n * d]).gather(group).reshaped([group.count, n, d])
        }
        let weighted = try loss(part, own) * (Float(tokens) / total)
        sum = sum.map { $0 + weighted } ?? weighted
    }
    guard let sum else { return try loss(batch, prompts) }   // no target token at all: the model's own error
    return sum
}
// snippet.end

public final class PromptTuner {
    public let model: T5Model
    public let prompt: TunablePrompt
    public let task: TuningTask
    public let options: PromptTuningOptions
    public let encoder: SELEncoder
    public private(set) var epoch = 0
    public private(set) var history: [EpochRecord] = []
    public private(set) var bestF1 = -1.0
    /// The prompt's state at the best dev score so far.
    public private(set) var best: [String: [Float]] = [:]
    let optimizer: PromptOptimizer
    var optimizers: [Adam] { optimizer.optimizers }

    public init(model: T5Model, vocabulary: Vocabulary, prompt: TunablePrompt, task: TuningTask,
                options: PromptTuningOptions = PromptTuningOptions()) throws {
        guard !task.train.isEmpty else { throw PromptTuningError.emptySplit(task: task.id, split: "train") }
        guard !task.dev.isEmpty else { throw PromptTuningError.emptySplit(task: task.id, split: "dev") }
        model.setFrozen(!prompt.tunesBackbone)   // usually no gradient is computed or stored for the backbone
        (self.model, self.prompt, self.task, self.options) = (model, prompt, task, options)
        encoder = SELEncoder(vocabulary: vocabulary)
        optimizer = PromptOptimizer(prompt: prompt, learningRate: options.learningRate, microBatches: options.microBatches)
    }

    public var stepsPerEpoch: Int { (task.train.count + options.batchSize - 1) / options.batchSize }

    // snippet.prompt-batches
    /// The batches of `epoch`: a seeded shuffle, and a freshly shuffled schema prompt per example
    /// (with every label of the task, as UIE trains).
    public func batches(epoch: Int) -> [T5Batch] {
        var rng = SeededGenerator(seed: options.seed &* 0x2545_F491 &+ UInt64(epoch))
        var order = Array(task.train.indices)
        rng.shuffle(&order)
        let prompt = SchemaPrompt(recordSchema: task.schemas.record)
        let prompts = task.trainSchemas.map { $0.map { SchemaPrompt(recordSchema: $0) } }
        return stride(from: 0, to: order.count, by: options.batchSize).map { start in
            let rows = order[start..<min(start + options.batchSize, order.count)]
            let sources = rows.map { encoder.source(prefix: (prompts?[$0] ?? prompt).trainingPrefix(&rng), text: task.train[$0].text) }
            let targets = rows.map { encoder.target(task.train[$0].record) }
            return SELEncoder.batch(sources: sources, targets: targets)
        }
    }

    /// One optimization step on `batch` (see `PromptOptimizer.step`).
    public func step(_ batch: T5Batch, learningRateScale: Float = 1) throws -> Float {
        try optimizer.step(model: model, prompt: prompt, batch: batch, learningRateScale: learningRateScale)
    }
    // snippet.end

    /// Linear warm-up over `warmupSteps`, then linear decay that reaches 1/remaining (not 0) on
    /// the last step, so every step still learns.
    func learningRateScale(atStep step: Int) -> Float {
        guard options.decay else { return 1 }
        let total = stepsPerEpoch * options.epochs, warmup = options.warmupSteps
        if step < warmup { return Float(step + 1) / Float(warmup) }
        return Float(total - step) / Float(max(1, total - warmup))
    }

    /// Trains one epoch; returns its mean loss.
    public func trainEpoch(progress: ((Int, Float) -> Void)? = nil) throws -> Float {
        var total: Float = 0
        let batches = batches(epoch: epoch)
        for (i, batch) in batches.enumerated() {
            let loss = try step(batch, learningRateScale: learningRateScale(atStep: epoch * stepsPerEpoch + i))
            total += loss
            progress?(i + 1, loss)
        }
        epoch += 1
        return total / Float(batches.count)
    }

    /// Headline F1 (UIE's metric for the task's kind) of the current prompt on the dev split.
    public func evaluateDev() throws -> Double {
        if let devScorer { return try devScorer() }
        return try evaluate(Array(task.dev.prefix(options.devLimit)))
    }

    /// Replaces the dev score when one task's dev split is not the right yardstick (multi-task
    /// training scores the mean over every task's dev split).
    public var devScorer: (() throws -> Double)?

    public func evaluate(_ examples: [UIEExample]) throws -> Double {
        let evaluator = ExtractionEvaluator(model: model, vocabulary: encoder.vocabulary)
        let prompts = withNoGrad { prompt.promptInputs() }
        return try evaluator.evaluate(examples, schemas: task.schemas, strategy: task.strategy,
                                      constrained: options.constrained, prompts: prompts).headlineF1(kind: task.kind)
    }

    /// Runs the remaining epochs (or stops after epoch `until`), scoring dev after each (or after
    /// every `devEvery`-th and the last) and keeping the best prompt; checkpoints into `folder`
    /// after every epoch. At the end it leaves the best prompt in place.
    public func run(until last: Int? = nil, checkpointFolder folder: URL? = nil, progress: ((Int, Float) -> Void)? = nil,
                    report: ((EpochRecord) -> Void)? = nil) throws {
        while epoch < min(last ?? options.epochs, options.epochs) {
            let start = Date()
            let loss = try trainEpoch(progress: progress)
            var f1: Double?
            if epoch % max(1, options.devEvery ?? 1) == 0 || epoch == options.epochs {
                let score = try evaluateDev()
                if score > bestF1 { bestF1 = score; best = snapshot() }
                f1 = score
            }
            let record = EpochRecord(epoch: epoch, trainLoss: loss, devF1: f1, seconds: Date().timeIntervalSince(start))
            history.append(record)
            report?(record)
            if let folder { try save(to: folder) }
        }
        if epoch == options.epochs { restoreBest() }
    }

    /// Scores dev with the prompt as it stands and keeps it as the best so far, so training must
    /// beat it to replace it: for a start that is already trained (chapter 7's few-shot transfer).
    public func keepStartIfBest() throws {
        let f1 = try evaluateDev()
        if f1 > bestF1 { bestF1 = f1; best = snapshot() }
    }

    func snapshot() -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: prompt.state.map { ($0.name, $0.tensor.data) })
    }

    /// Puts the best prompt (by dev F1) back into the prompt's tensors.
    public func restoreBest() {
        for (name, tensor) in prompt.state { if let values = best[name] { tensor.data = values } }
    }

    // MARK: checkpoints

    // snippet.prompt-checkpoint
    /// Writes the prompt, its best copy, Adam's moments, the epoch and the history into
    /// `folder/prompt-checkpoint.safetensors` in one atomic rename; the options go beside it.
    public func save(to folder: URL) throws {
        var tensors: [String: StoredTensor] = [
            "epoch": StoredTensor(integers: [epoch] + optimizers.map(\.stepCount), shape: [1 + optimizers.count]),
            // The best dev F1 as the Double's exact bits: a Float32 copy would round it, and a resumed
            // run would then compare later epochs against a slightly different best.
            "best-f1-bits": StoredTensor(integers: [Int(Int64(bitPattern: bestF1.bitPattern))], shape: [1]),
        ]
        for (name, tensor) in prompt.state {
            tensors["state.\(name)"] = StoredTensor(floats: tensor.data, shape: tensor.shape)
            if let values = best[name] { tensors["best.\(name)"] = StoredTensor(floats: values, shape: tensor.shape) }
        }
        for (g, optimizer) in optimizers.enumerated() {
            for (i, p) in optimizer.parameters.enumerated() {
                tensors["adam.\(g).\(i).m"] = StoredTensor(floats: optimizer.m[i], shape: p.shape)
                tensors["adam.\(g).\(i).v"] = StoredTensor(floats: optimizer.v[i], shape: p.shape)
            }
        }
        try AtomicWrite.write(JSONEncoder().encode(history), to: folder.appendingPathComponent("history.json"))
        try AtomicWrite.write(JSONEncoder().encode(CheckpointIdentity(task: task.id, options: options)),
                              to: folder.appendingPathComponent("options.json"))
        try Safetensors.write(tensors, to: folder.appendingPathComponent("prompt-checkpoint.safetensors"))
    }
    // snippet.end

    struct CheckpointIdentity: Codable, Equatable { let task: String; let options: PromptTuningOptions }

    /// Restores what `save` wrote; false when `folder` holds no checkpoint.
    public func resume(from folder: URL) throws -> Bool {
        let file = folder.appendingPathComponent("prompt-checkpoint.safetensors")
        guard FileManager.default.fileExists(atPath: file.path) else { return false }
        let optionsFile = folder.appendingPathComponent("options.json")
        guard let identity = try? JSONDecoder().decode(CheckpointIdentity.self, from: Data(contentsOf: optionsFile)) else {
            throw PromptTuningError.corruptCheckpoint(path: optionsFile.path, reason: "options.json missing or malformed")
        }
        guard identity == CheckpointIdentity(task: task.id, options: options) else { throw PromptTuningError.optionsDiffer(path: folder.path) }
        let tensors = try Safetensors.read(file)
        func floats(_ name: String, count: Int) throws -> [Float] {
            guard let t = tensors[name], let values = t.floats, values.count == count else {
                throw PromptTuningError.corruptCheckpoint(path: file.path, reason: "tensor '\(name)' missing, not floating-point or of the wrong size")
            }
            guard values.allSatisfy(\.isFinite) else {
                throw PromptTuningError.corruptCheckpoint(path: file.path, reason: "tensor '\(name)' holds NaN or infinity")
            }
            return values
        }
        guard let counters = tensors["epoch"]?.asIntegers, counters.count == 1 + optimizers.count else {
            throw PromptTuningError.corruptCheckpoint(path: file.path, reason: "tensor 'epoch' missing or malformed")
        }
        for (name, tensor) in prompt.state { tensor.data = try floats("state.\(name)", count: tensor.count) }
        best = [:]
        for (name, tensor) in prompt.state where tensors["best.\(name)"] != nil {
            best[name] = try floats("best.\(name)", count: tensor.count)
        }
        for (g, optimizer) in optimizers.enumerated() {
            for (i, p) in optimizer.parameters.enumerated() {
                optimizer.m[i] = try floats("adam.\(g).\(i).m", count: p.count)
                optimizer.v[i] = try floats("adam.\(g).\(i).v", count: p.count)
            }
            optimizer.stepCount = counters[1 + g]
        }
        epoch = counters[0]
        if let bits = tensors["best-f1-bits"]?.integers, bits.count == 1 {
            bestF1 = Double(bitPattern: UInt64(bitPattern: Int64(bits[0])))
        } else {   // a checkpoint written before the exact copy was kept
            bestF1 = Double(try floats("best-f1", count: 1)[0])
        }
        let historyFile = folder.appendingPathComponent("history.json")
        guard let saved = try? JSONDecoder().decode([EpochRecord].self, from: Data(contentsOf: historyFile)) else {
            throw PromptTuningError.corruptCheckpoint(path: historyFile.path, reason: "history.json missing or malformed")
        }
        history = Array(saved.prefix(epoch))
        return true
    }
}
