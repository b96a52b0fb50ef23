// The settings of one continual experiment and the learner each method gets (chapter 6). The
// paper's hyperparameters are for T5-large on full corpora; these are scaled to the tiny
// backbone and the 2-core budget, and every one is printed in the run header.

import Foundation
import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors

// snippet.experiment-options
public struct ExperimentOptions: Codable, Equatable, Sendable {
    /// Sentences per task: training split, dev sentences scored per epoch, test sentences per row.
    public var trainSize = 1000
    public var devLimit = 100
    public var testLimit = 300
    /// Epochs per task for the prompt methods (LPT, C-PT, L2P) and the adapters.
    public var promptEpochs = 10
    /// Epochs per task for the methods that train every weight (they learn faster per step).
    public var fullEpochs = 4
    /// Epochs for tasks of one kind (`TaskKind` raw value: entity, relation, event, absa) that
    /// replace `promptEpochs` for the prompt and adapter methods. Relation and event tasks get 20:
    /// at 10 a prompt is still at the start of its curve on them (chapters 4 and 6). nil in runs
    /// saved before this option existed.
    public var promptEpochsByKind: [String: Int]? = ["relation": 20, "event": 20]
    /// Adam rates: prompts 0.3 (chapter 4's sweep), adapters 1e-3, whole model 5e-4.
    public var promptLearningRate: Float = 0.3
    public var adapterLearningRate: Float = 1e-3
    public var fullLearningRate: Float = 5e-4
    public var keepFraction = 0.3
    /// LPT: Adam's rate for the mask scores; nil keeps LotteryOptions' default (0.1).
    public var scoreLearningRate: Float?
    /// LPT: `LotteryOptions.ownedScoreOffset`, explicit here: a job folder that recorded no offset
    /// (nil) is named as changed when resumed rather than silently given this value.
    public var ownedScoreOffset: Float? = 10
    public var promptLength = 20
    /// L2P: penalise, while a task trains, the pool entries earlier tasks used (L2P's diversified
    /// selection). nil (off) in every run that does not ask for it, so older folders resume.
    public var l2pDiversify: Bool?
    /// L2P: entries in the prompt pool; nil is L2PLearner's default, 10 (l2p-pytorch's).
    public var l2pPoolSize: Int?
    /// C-PT: start every task's prompt from the same random values, not the previous task's (an
    /// ablation of C-PT's CLInit start). nil (off) unless asked for, so older folders resume.
    public var cptFreshStart: Bool?
    /// Positions LPT adds when its free share drops below `keepFraction`.
    public var growth = 10
    public var adapterBottleneck = 64
    public var ewcLambda: Float = 100
    public var replayPerTask = 50
    public var batchSize = 32
    /// Each training batch computed as this many micro-batches of similar length
    /// (`PromptTuningOptions.microBatches`: the batch's loss and gradient, less padding). New runs
    /// store 8; a run saved before this option existed reads nil and keeps one pass per batch.
    public var microBatches: Int? = 8
    public var seed: UInt64 = 1
    public init() {}

    public func tuning(for method: ContinualMethod) -> PromptTuningOptions {
        var t = PromptTuningOptions()
        t.batchSize = batchSize
        t.devLimit = devLimit
        t.seed = seed
        t.microBatches = microBatches
        switch method {
        case .fineTuning, .ewc, .er, .individual, .multitaskFineTuning:
            (t.epochs, t.learningRate) = (fullEpochs, fullLearningRate)
        case .adapterCL, .multitaskAdapter:
            (t.epochs, t.learningRate) = (promptEpochs, adapterLearningRate)
        case .cpt, .l2p, .lpt, .multitaskPrompt:
            (t.epochs, t.learningRate) = (promptEpochs, promptLearningRate)
        }
        return t
    }

    /// "10 epochs (event tasks 20)": the prompt methods' epochs as the run header prints them.
    public var promptEpochsText: String {
        let exceptions = (promptEpochsByKind ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) tasks \($0.value)" }
        return "\(promptEpochs) epochs" + (exceptions.isEmpty ? "" : " (\(exceptions.joined(separator: ", ")))")
    }

    /// The trainer's options for one task: `tuning(for:)` with the epochs of the task's kind.
    public func tuning(for method: ContinualMethod, kind: TaskKind) -> PromptTuningOptions {
        var t = tuning(for: method)
        switch method {
        case .adapterCL, .cpt, .l2p, .lpt:
            if let epochs = promptEpochsByKind?[kind.rawValue] { t.epochs = epochs }
        default: break
        }
        return t
    }

    /// The generated splits of `id` at these sizes (test and dev large enough for the limits).
    public func taskData(_ id: String) throws -> TaskData {
        guard let spec = Benchmark.task(id) else { throw ContinualError.unknownTask(id) }
        var options = BenchmarkOptions()
        (options.trainSize, options.devSize, options.testSize) = (trainSize, max(devLimit, 1), max(testLimit, 1))
        return Benchmark.generate(spec, options: options)
    }
}
// snippet.end

/// A continual learner for `method` on its own copy of the backbone in `folder`.
public func makeLearner(_ method: ContinualMethod, backbone folder: URL, vocabulary: Vocabulary,
                        options: ExperimentOptions) throws -> ContinualLearner {
    let model = try T5Model(checkpoint: folder)
    let tuning = options.tuning(for: method)
    switch method {
    case .fineTuning, .ewc, .er:
        let learner = SequentialFineTuning(method: method, model: model, vocabulary: vocabulary, tuning: tuning, seed: options.seed)
        learner.ewcLambda = options.ewcLambda
        learner.memoryPerTask = options.replayPerTask
        return learner
    case .individual: return IndividualFineTuning(model: model, vocabulary: vocabulary, tuning: tuning)
    case .adapterCL: return AdapterPerTask(model: model, vocabulary: vocabulary, tuning: tuning, bottleneck: options.adapterBottleneck)
    case .cpt:
        let learner = PromptPerTask(model: model, vocabulary: vocabulary, tuning: tuning, length: options.promptLength)
        learner.freshStart = options.cptFreshStart ?? false
        return learner
    case .l2p: return L2PLearner(model: model, vocabulary: vocabulary, tuning: tuning, poolSize: options.l2pPoolSize ?? 10,
                                 diversify: options.l2pDiversify ?? false)
    case .lpt:
        var lottery = LotteryOptions()
        lottery.keepFraction = options.keepFraction
        if let rate = options.scoreLearningRate { lottery.scoreLearningRate = rate }
        if let offset = options.ownedScoreOffset { lottery.ownedScoreOffset = offset }
        return LotteryLearner(model: model, vocabulary: vocabulary, tuning: tuning, options: lottery,
                              length: options.promptLength, growth: options.growth)
    case .multitaskPrompt, .multitaskAdapter, .multitaskFineTuning:
        throw ContinualError.unknownMethod("\(method.rawValue) is trained on the union of the tasks, not as a stream (use trainMultitask)")
    }
}

/// The tunable a multi-task upper bound trains, and its tuned-parameter count.
public func multitaskTunable(_ method: ContinualMethod, model: T5Model, options: ExperimentOptions) -> (TunablePrompt, Int) {
    switch method {
    case .multitaskFineTuning: return (WholeModelTuning(model: model), model.parameterCount)
    case .multitaskAdapter:
        let set = ResidualAdapters(model: model, bottleneck: options.adapterBottleneck, seed: 9)
        return (set, set.parameterCount)
    default:
        let layout = PromptLayout(.deep, for: model.config, length: options.promptLength)
        return (SoftPrompt(layout: layout, model: model, initialization: .random(std: 0.02), seed: 5), layout.parameterCount)
    }
}

/// What `lpt learn` writes: the run's matrix and its accounting, for reports and tables.
public struct ContinualResult: Codable, Sendable {
    public var method: ContinualMethod
    public var order: Int?
    public var tasks: [String]
    public var matrix: AccuracyMatrix?
    public var multitaskF1: [Double]?
    public var accounting: MethodAccounting
    public var backboneParameters: Int
    public var seconds: Double
    public var options: ExperimentOptions
    /// LPT only: (task, positions added before it), and the final prompt length.
    public var expansions: [String]?
    public var finalPromptLength: Int?
    /// LPT only: used capacity |M_k|/P after each task.
    public var usedCapacity: [Double]?

    public init(method: ContinualMethod, order: Int?, tasks: [String], accounting: MethodAccounting,
                backboneParameters: Int, seconds: Double, options: ExperimentOptions) {
        (self.method, self.order, self.tasks, self.accounting) = (method, order, tasks, accounting)
        (self.backboneParameters, self.seconds, self.options) = (backboneParameters, seconds, options)
    }

    /// F1 of each task at the end: the last matrix row, or the multi-task scores.
    public var finalF1: [Double] { matrix?.final ?? multitaskF1 ?? [] }
    public var average: Double { mean(finalF1) }
}
