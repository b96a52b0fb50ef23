// The settings of chapter 9's experiment, and the six ways a target task is prompted.

import SEL
import SoftPrompts
import T5

public struct TokenPromptOptions: Codable, Equatable, Sendable {
    /// The six tasks the bank is built on (entity, relation and event tasks) and the seven it is
    /// then used on in low data (relation, event and the four ABSA tasks).
    public var sources = ["ace04", "ace05-ent", "conll03", "conll04", "nyt", "ace05-evt"]
    public var targets = ["scierc", "ace05-rel", "casie", "14lap", "15res", "16res", "14res"]
    /// The targets of the stage's default run: one per type, so that it stays within a quarter
    /// of an hour (`lpt tpt` runs all seven).
    public static let stageTargets = ["14lap", "ace05-rel", "casie"]
    /// Training sentences per source task and per target task.
    public var sourceTrain = 300
    public var targetTrain = 300
    /// Dev sentences scored per task when dev is scored; test sentences per task at the end.
    public var devLimit = 50
    public var testLimit = 300
    /// M slots of the bank; k read per example; n positions of the task prompt. k + n = 20 is the
    /// kit's prompt budget, and the plain-prompt arms get all 20 positions.
    public var bankSize = 120
    public var retrieved = 10
    public var taskPromptLength = 10
    /// Where the task prompt and the plain arms' prompts sit. TPT puts its task prompt at the
    /// input (shallow). The kit's default is deep, a key/value prefix in every layer, the prompt
    /// of chapters 4-8: on the tiny backbone a shallow prompt of 20 positions barely learns a
    /// relation or event task from a few hundred sentences, so every arm would sit near 0 F1 and
    /// the comparison would be noise. The retrieved bank vectors are input vectors either way.
    public var placement: PromptPlacement = .deep
    /// Not TPT: subtract the mean query of the source tasks' training inputs before scoring, in
    /// the source stage and on the targets. The ablation of the chapter's retrieval finding: a
    /// max-pooled query is dominated by what all inputs share, so every input reads nearly the
    /// same slots; centring leaves what sets one input apart.
    public var centredQuery = false
    public var sourceEpochs = 6
    public var targetEpochs = 8
    /// Adam's rate for everything that trains (bank, task prompts, plain prompts): chapter 4's 0.3.
    public var learningRate: Float = 0.3
    public var batchSize = 32
    /// Target runs per arm, with seeds 1...seeds (prompt start, batch order, random slots).
    public var seeds = 2
    /// Dev is scored after every this many target epochs and after the last.
    public var devEvery = 4
    public var arms = TargetArm.allCases
    public init() {}

    /// The title of the usage heatmap: which query read the bank.
    public var usageTitle: String {
        "Bank slots read by each task's test sentences (% of its sentences), \(centredQuery ? "centred" : "plain") max-pooled query"
    }

    /// Positions of the plain prompts: k + n, as many as a token-wise prompt has.
    public var promptLength: Int { retrieved + taskPromptLength }

    /// The layout of a target task's own prompt (n positions) and of the plain arms' (k + n).
    public func taskLayout(for config: T5Config) -> PromptLayout { PromptLayout(placement, for: config, length: taskPromptLength) }
    public func plainLayout(for config: T5Config) -> PromptLayout { PromptLayout(placement, for: config, length: promptLength) }
}

// snippet.target-arms
/// How a target task is prompted.
public enum TargetArm: String, CaseIterable, Codable, Sendable {
    /// A plain k + n-position prompt from a random start.
    case scratch
    /// The same, started from a plain prompt trained on the union of the source tasks (SPoT-style).
    case multitaskStart = "multitask-start"
    /// k retrieved bank vectors + a task prompt; the bank as the sources left it, frozen.
    case tptFrozen = "tpt-frozen"
    /// The same, but the bank trains again on the target task (the official code's setting).
    case tptTuned = "tpt-tuned"
    /// Frozen bank, k random slots per example instead of the top k: does retrieval matter?
    case tptRandom = "tpt-random"
    /// Frozen bank, the query mean-pooled instead of max-pooled.
    case tptMean = "tpt-mean"

    public var usesBank: Bool { self != .scratch && self != .multitaskStart }
}
// snippet.end

public enum TokenPromptError: Error, CustomStringConvertible, Equatable {
    case unknownTask(String)
    case taskTwice(String)
    case badShape(String)
    case malformedFile(path: String, reason: String)
    case settingsChanged(path: String, fields: [String])
    public var description: String {
        switch self {
        case .unknownTask(let id):
            return "unknown task '\(id)'; tasks: \(Benchmark.tasks.map(\.id).joined(separator: ", "))"
        case .taskTwice(let id): return "task '\(id)' is listed twice (a task is a source or a target, once)"
        case .badShape(let reason): return reason
        case .malformedFile(let path, let reason): return "\(path): \(reason)"
        case .settingsChanged(let path, let fields):
            return "\(path) holds a study run with other settings: \(fields.joined(separator: "; ")). "
                + "Give the same settings to resume it, or another --output to start afresh."
        }
    }
}

extension TokenPromptOptions {
    /// Refuses unknown or repeated tasks and a bank that cannot serve k slots, naming the setting.
    public func validate() throws {
        guard !sources.isEmpty else { throw TokenPromptError.badShape("sources: at least one source task is needed to build the bank") }
        guard !targets.isEmpty else { throw TokenPromptError.badShape("targets: at least one target task is needed") }
        var seen: Set<String> = []
        for id in sources + targets {
            guard Benchmark.task(id) != nil else { throw TokenPromptError.unknownTask(id) }
            guard seen.insert(id).inserted else { throw TokenPromptError.taskTwice(id) }
        }
        guard retrieved >= 1, retrieved <= bankSize else {
            throw TokenPromptError.badShape("retrieved: k = \(retrieved) slots must be between 1 and the bank size \(bankSize)")
        }
        guard taskPromptLength >= 1 else { throw TokenPromptError.badShape("task prompt length must be at least 1, not \(taskPromptLength)") }
        guard !arms.isEmpty else { throw TokenPromptError.badShape("arms: at least one target arm is needed") }
    }

    /// The generated splits of task `id` at `train` sentences and this run's dev and test sizes.
    public func data(_ id: String, train: Int) throws -> TaskData {
        guard let spec = Benchmark.task(id) else { throw TokenPromptError.unknownTask(id) }
        return Benchmark.generate(spec, options: BenchmarkOptions(trainSize: train, devSize: max(devLimit, 1), testSize: max(testLimit, 1)))
    }
}
