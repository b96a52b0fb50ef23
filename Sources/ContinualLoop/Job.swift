// One method over one stream, from the backbone folder to a `result.json` (chapter 6). `lpt learn`,
// `lpt run`, `lpt table1` and the stage 6 executable all go through here. The folder holds the
// resumable state: rerunning the same job after a kill carries on and ends with the same result.

import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public struct ContinualJob: Sendable {
    public var method: ContinualMethod
    /// The paper's task order this stream follows (nil for a hand-picked list).
    public var order: Int?
    public var taskIDs: [String]
    public var options: ExperimentOptions
    public var backbone: URL
    /// Where the tasks come from (the generated benchmark unless `--data` names a folder).
    public var data: TaskSource

    public init(method: ContinualMethod, order: Int?, taskIDs: [String], options: ExperimentOptions, backbone: URL,
                data: TaskSource = .benchmark) {
        (self.method, self.order, self.taskIDs, self.options, self.backbone) = (method, order, taskIDs, options, backbone)
        self.data = data
    }

    /// The paper's order `n`, without the novel tasks when `holdOutNovel` (chapter 7's setting).
    public static func stream(order n: Int, holdOutNovel: Bool) -> [String] {
        Benchmark.order(n).filter { !holdOutNovel || !Benchmark.novelTaskIDs.contains($0) }
    }

    /// Runs (or resumes) the job in `folder`, writes `folder/result.json` and returns it. `log`
    /// gets one line per finished task.
    public func run(folder: URL, showProgress: Bool = true, log: @escaping (String) -> Void) throws -> ContinualResult {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try settings.checkOrRecord(in: folder)
        let start = Date()
        let vocabulary = try Vocabulary.load(backbone.appendingPathComponent("vocabulary.txt"))
        let tasks = try taskIDs.map { try data.taskData($0, options: options) }
        let tag = method.rawValue
        var result: ContinualResult
        if method.isMultitask {
            let model = try T5Model(checkpoint: backbone)
            let (tunable, tuned) = multitaskTunable(method, model: model, options: options)
            let tuning = options.tuning(for: method)
            let steps = (tasks.reduce(0) { $0 + $1.train.count } + tuning.batchSize - 1) / tuning.batchSize
            let bar = showProgress ? ProgressLine("[\(tag)] union of \(tasks.count) tasks", total: steps) : nil
            let trained = try trainMultitask(method: method, model: model, vocabulary: vocabulary, tunable: tunable, tasks: tasks,
                                             tuning: tuning, devPerTask: max(1, options.devLimit / 4), testLimit: options.testLimit,
                                             tunedParameters: tuned, checkpointFolder: folder.appendingPathComponent("multitask"),
                                             progress: { bar?.update($0, detail: String(format: "loss %.3f", $1)) },
                                             epochReport: { log(String(format: "[%@] epoch %d  loss %.4f  mean dev F1 %.1f", tag, $0.epoch, $0.trainLoss, $0.devF1 ?? .nan)) })
            result = ContinualResult(method: method, order: order, tasks: taskIDs,
                                     accounting: MethodAccounting(tunedParameters: tuned, addedParameters: Double(tuned)),
                                     backboneParameters: model.parameterCount, seconds: Date().timeIntervalSince(start), options: options)
            result.multitaskF1 = trained.testF1
        } else {
            let learner = try makeLearner(method, backbone: backbone, vocabulary: vocabulary, options: options)
            let run = ContinualRun(learner: learner, tasks: tasks, testLimit: options.testLimit)
            run.tuning = { [options, method] task in
                var t = learner.tuning
                t.epochs = options.tuning(for: method, kind: task.spec.kind).epochs
                return t
            }
            var bar: ProgressLine?
            try run.run(folder: folder.appendingPathComponent("state"), progress: { id, step, loss in
                if step == 1, showProgress {
                    let total = (tasks.first { $0.spec.id == id }!.train.count + learner.tuning.batchSize - 1) / learner.tuning.batchSize
                    bar = ProgressLine("[\(tag)] \(id)", total: total)
                }
                bar?.update(step, detail: String(format: "loss %.3f", loss))
            }, taskReport: { k, progress in
                let row = progress.matrix.after[k].prefix(k + 1).map { String(format: "%.1f", $0 ?? .nan) }.joined(separator: " ")
                log(String(format: "[%@] task %d/%d %@: dev %.1f, %.0f s; test F1 of tasks 1-%d: %@", tag, k + 1, tasks.count,
                           tasks[k].spec.id, progress.bestDevF1[k], progress.seconds[k], k + 1, row))
            })
            result = ContinualResult(method: method, order: order, tasks: taskIDs, accounting: learner.accounting(tasks: tasks.count),
                                     backboneParameters: learner.model.parameterCount,
                                     seconds: run.progress.seconds.reduce(0, +), options: options)
            result.matrix = run.matrix
            if let lottery = learner as? LotteryLearner {
                result.expansions = lottery.expansions.map { "\($0.task)+\($0.added)" }
                result.finalPromptLength = lottery.lottery.layout.length
                result.usedCapacity = lottery.usedCapacity
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SafeFile.write(encoder.encode(result), to: folder.appendingPathComponent("result.json"))
        return result
    }
}

/// Everything that shapes a job's results, saved as `job.json` in its folder on the first run. A
/// rerun resumes only with equal settings: resuming a run learned with other sizes or rates would
/// mix two experiments and label the result with settings it never used.
public struct JobSettings: Codable, Equatable, Sendable {
    public var method: ContinualMethod
    public var order: Int?
    public var tasks: [String]
    public var options: ExperimentOptions
    /// The backbone folder, as an absolute path.
    public var backbone: String
    /// The `--data` folder the tasks were read from, as an absolute path (nil: the generated benchmark).
    public var data: String?

    public static let fileName = "job.json"

    /// Throws `settingsChanged` if `folder` holds a run made with other settings, and records
    /// these settings when it holds none yet.
    public func checkOrRecord(in folder: URL) throws {
        let url = folder.appendingPathComponent(Self.fileName)
        if FileManager.default.fileExists(atPath: url.path) {
            guard let data = try? Data(contentsOf: url), let saved = try? JSONDecoder().decode(JobSettings.self, from: data) else {
                throw ContinualError.malformedState(path: url.path, reason: "not the job settings written by lpt learn")
            }
            let changes = differences(from: saved)
            if !changes.isEmpty { throw ContinualError.settingsChanged(path: folder.path, differences: changes) }
            return
        }
        // A folder finished before job.json existed still names its options in result.json.
        if let old = try? ContinualResult.load(folder.appendingPathComponent("result.json")) {
            var saved = self
            (saved.method, saved.order, saved.tasks, saved.options) = (old.method, old.order, old.tasks, old.options)
            let changes = differences(from: saved)
            if !changes.isEmpty { throw ContinualError.settingsChanged(path: folder.path, differences: changes) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SafeFile.write(encoder.encode(self), to: url)
    }

    /// "--flag saved (now new)" for every setting that differs, named by its `lpt learn` flag
    /// where it has one.
    public func differences(from saved: JobSettings) -> [String] {
        var out: [String] = []
        func note(_ name: String, _ old: String, _ new: String) { if old != new { out.append("\(name) \(old) (now \(new))") } }
        note("--method", saved.method.rawValue, method.rawValue)
        note("--order", saved.order.map(String.init) ?? "none", order.map(String.init) ?? "none")
        note("--tasks", saved.tasks.joined(separator: ","), tasks.joined(separator: ","))
        note("--backbone", saved.backbone, backbone)
        note("--data", saved.data ?? "none (the generated benchmark)", data ?? "none (the generated benchmark)")
        return out + Self.optionDifferences(saved: saved.options, now: options, method: method)
    }

    /// "--flag saved (now new)" for every experiment option that differs, named by its flag
    /// where it has one (shared with `lpt novel`, whose folders record the same options).
    public static func optionDifferences(saved: ExperimentOptions, now: ExperimentOptions, method: ContinualMethod) -> [String] {
        let flags = ["trainSize": "--train", "devLimit": "--dev-limit", "testLimit": "--test-limit", "promptEpochs": "--prompt-epochs",
                     "fullEpochs": "--full-epochs", "keepFraction": "--keep", "growth": "--growth",
                     "promptLength": "--prompt-length", "scoreLearningRate": "--score-learning-rate",
                     "promptLearningRate": "--prompt-learning-rate", "ownedScoreOffset": "--owned-score-offset",
                     "microBatches": "--micro-batches", "promptEpochsByKind": "--prompt-epochs-by-type",
                     "l2pDiversify": "--l2p-diversify", "cptFreshStart": "--cpt-fresh-start",
                     "l2pPoolSize": "--l2p-pool-size"]
        var (old, new) = (fields(saved), fields(now))
        // The mask options change nothing in another method's run, so they do not stop it resuming.
        if method != .lpt {
            for key in Self.lotteryOnly { (old[key], new[key]) = (nil, nil) }
        }
        if method != .l2p { for key in ["l2pDiversify", "l2pPoolSize"] { (old[key], new[key]) = (nil, nil) } }
        if method != .cpt { (old["cptFreshStart"], new["cptFreshStart"]) = (nil, nil) }
        return Set(old.keys).union(new.keys).sorted().compactMap { key in
            let (was, is_) = (old[key] ?? "none", new[key] ?? "none")
            return was == is_ ? nil : "\(flags[key] ?? key) \(was) (now \(is_))"
        }
    }

    /// Options only LPT reads.
    static let lotteryOnly = ["keepFraction", "growth", "scoreLearningRate", "ownedScoreOffset"]

    /// Each option as text, through its Codable form (so a new option is compared too).
    static func fields(_ options: ExperimentOptions) -> [String: String] {
        guard let data = try? JSONEncoder().encode(options),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object.mapValues { value in
            guard let table = value as? [String: Any] else { return "\(value)" }
            return table.keys.sorted().map { "\($0)=\(table[$0]!)" }.joined(separator: ",")
        }
    }
}

extension ContinualJob {
    public var settings: JobSettings {
        // The shipped backbone by name, so a moved checkout still resumes its runs.
        let shipped = Backbone.isShipped(backbone)
        return JobSettings(method: method, order: order, tasks: taskIDs, options: options,
                           backbone: shipped ? "shipped tiny-uie" : backbone.standardizedFileURL.path, data: data.folderPath)
    }
}

extension ContinualResult {
    public static func load(_ url: URL) throws -> ContinualResult {
        guard let data = try? Data(contentsOf: url), let result = try? JSONDecoder().decode(ContinualResult.self, from: data) else {
            throw ContinualError.malformedState(path: url.path, reason: "not a result.json written by lpt learn")
        }
        return result
    }
}

/// b_i: each task's test F1 on the untrained starting point (the backbone with no prompt), the
/// baseline of GEM's forward transfer. Cached in `cache` when given.
public func backboneScores(taskIDs: [String], options: ExperimentOptions, backbone: URL, cache: URL?,
                           data: TaskSource = .benchmark) throws -> [String: Double] {
    if let cache, let data = try? Data(contentsOf: cache), let saved = try? JSONDecoder().decode([String: Double].self, from: data),
       taskIDs.allSatisfy({ saved[$0] != nil }) { return saved }
    let model = try T5Model(checkpoint: backbone)
    let vocabulary = try Vocabulary.load(backbone.appendingPathComponent("vocabulary.txt"))
    var scores: [String: Double] = [:]
    for id in taskIDs {
        let task = try data.taskData(id, options: options)
        scores[id] = try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: Array(task.test.prefix(options.testLimit)),
                                    prompts: .none, constrained: true)
    }
    if let cache { try SafeFile.write(JSONEncoder().encode(scores), to: cache) }
    return scores
}

/// The learner a finished (or partly finished) job of `method` left in `folder`, on its backbone:
/// the state after its last finished task.
public func loadLearner(_ method: ContinualMethod, jobFolder folder: URL, backbone: URL,
                        options: ExperimentOptions) throws -> ContinualLearner {
    let vocabulary = try Vocabulary.load(backbone.appendingPathComponent("vocabulary.txt"))
    let learner = try makeLearner(method, backbone: backbone, vocabulary: vocabulary, options: options)
    let progressURL = folder.appendingPathComponent("state/progress.json")
    guard let data = try? Data(contentsOf: progressURL), let progress = try? JSONDecoder().decode(ContinualProgress.self, from: data),
          progress.method == method, progress.matrix.learnedCount > 0 else {
        throw ContinualError.malformedState(path: progressURL.path,
                                            reason: "no finished \(method.rawValue) task here; run lpt learn --method \(method.rawValue) first")
    }
    try learner.load(from: folder.appendingPathComponent("state/state-\(progress.matrix.learnedCount)"))
    return learner
}

/// The lottery prompt a finished (or partly finished) LPT job left in `folder`, on its backbone.
public func loadLotteryLearner(jobFolder folder: URL, backbone: URL, options: ExperimentOptions) throws -> LotteryLearner {
    try loadLearner(.lpt, jobFolder: folder, backbone: backbone, options: options) as! LotteryLearner
}
