// Novel tasks after the stream (chapter 7, the paper's Table 2). Each method meets each held-out
// task twice, each time starting from the state its stream left: zero-shot (scored as it is, no
// gradient step on the task) and few-shot (trained on 10 sentences per class, then scored). The
// methods that keep one module per task choose which to lend the task by gold perplexity on
// those few sentences: LPT a mask (and, few-shot, the start of its scores), AdapterCL an adapter
// set. Novel tasks are independent of each other: every one starts again from the stream's end.

import ContinualLoop
import Diagrams
import Foundation
import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors

// snippet.novel-options
public struct NovelTaskOptions: Codable, Equatable, Sendable {
    /// Few-shot budget: sentences are drawn until every class of the task has this many.
    public var shotsPerClass = 10
    /// Epochs over the few-shot sentences. A few dozen sentences are one or two of the stream's
    /// batches of 32, so a stream task's 10-20 epochs would be a few dozen steps: few-shot
    /// training takes more passes, in smaller batches (about 360 steps for 45 sentences).
    public var fewShotEpochs = 60
    /// Few-shot batch size (nil: the method's own, 32).
    public var fewShotBatchSize: Int? = 8
    /// Dev is scored after every this many few-shot epochs and after the last (nil: every epoch):
    /// 100 dev sentences cost more to decode than an epoch of a few dozen costs to train.
    public var fewShotDevEvery: Int? = 5
    /// Seed of the few-shot draw.
    public var seed: UInt64 = 11
    public init() {}
}
// snippet.end

// snippet.few-shot-sample
/// The few-shot training set: `perClass` sentences for every class of the task, where a class
/// is a record type or an association (role) of its schema, as UIE's N-shot splits count them.
/// The shuffled training split is walked once, and a sentence is kept when it mentions a class
/// that still has fewer than `perClass` sentences; each kept sentence counts once per class it
/// mentions. Classes the split never mentions are simply left short.
public func fewShotSample(_ examples: [UIEExample], schemas: TaskSchemas, perClass: Int, seed: UInt64) -> [UIEExample] {
    let classes = Set(schemas.record.types + schemas.record.roles)
    var counts = [String: Int](), rng = SeededGenerator(seed: seed), order = Array(examples.indices)
    rng.shuffle(&order)
    var kept: [UIEExample] = []
    for i in order {
        if classes.allSatisfy({ counts[$0, default: 0] >= perClass }) { break }
        let mentioned = Set(examples[i].spot + examples[i].asoc).intersection(classes)
        guard mentioned.contains(where: { counts[$0, default: 0] < perClass }) else { continue }
        kept.append(examples[i])
        for c in mentioned { counts[c, default: 0] += 1 }
    }
    return kept
}
// snippet.end

/// One novel task's two scores for one method.
public struct NovelTaskOutcome: Codable, Equatable, Sendable {
    public var task: String
    public var zeroShot: Double
    public var fewShot: Double
    /// Few-shot training sentences drawn.
    public var shots: Int
    /// The learned task whose module was lent (LPT's mask, AdapterCL's adapters), if any, and
    /// the perplexity scores behind the choice.
    public var borrowed: String?
    public var selection: MaskSelection?
    public var seconds: Double
    /// Dev F1 of few-shot training's best state and of the zero-shot state. When the zero-shot
    /// state is at least as good on dev it is kept (`keptZeroShot`), and `fewShot` is `zeroShot`.
    public var fewShotDev: Double?
    public var zeroShotDev: Double?
    public var keptZeroShot: Bool?
}

/// What `lpt novel` writes: one method's outcomes on the novel tasks (`novel.json`).
public struct NovelTaskResult: Codable, Sendable {
    public var method: ContinualMethod
    public var order: Int?
    /// The tasks of the stream the method learned before meeting the novel ones.
    public var stream: [String]
    public var outcomes: [NovelTaskOutcome]
    public var options: NovelTaskOptions
    public var experiment: ExperimentOptions

    public var zeroShotAverage: Double { mean(outcomes.map(\.zeroShot)) }
    public var fewShotAverage: Double { mean(outcomes.map(\.fewShot)) }

    public static func load(_ url: URL) throws -> NovelTaskResult {
        guard let data = try? Data(contentsOf: url), let result = try? JSONDecoder().decode(NovelTaskResult.self, from: data) else {
            throw ContinualError.malformedState(path: url.path, reason: "not a novel.json written by lpt novel")
        }
        return result
    }
}

/// One method on the novel tasks, from the folder of its finished stream job (`lpt learn`).
public struct NovelTaskJob: Sendable {
    public var method: ContinualMethod
    /// The stream job's folder; unused by Individual, which starts from the backbone.
    public var streamFolder: URL?
    public var novelTaskIDs: [String]
    public var options: ExperimentOptions
    public var novel: NovelTaskOptions
    public var backbone: URL
    /// Where the novel tasks (and a multi-task bound's stream) come from.
    public var data: TaskSource

    public init(method: ContinualMethod, streamFolder: URL?, novelTaskIDs: [String] = Benchmark.novelTaskIDs,
                options: ExperimentOptions, novel: NovelTaskOptions = NovelTaskOptions(), backbone: URL,
                data: TaskSource = .benchmark) {
        (self.method, self.streamFolder, self.novelTaskIDs) = (method, streamFolder, novelTaskIDs)
        (self.options, self.novel, self.backbone, self.data) = (options, novel, backbone, data)
    }

    /// Scores every novel task not yet in `folder/novel.json`, saving after each (a killed job
    /// resumes), and returns the whole result.
    public func run(folder: URL, log: (String) -> Void) throws -> NovelTaskResult {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("novel.json")
        let stream = try streamTasks()
        var result = NovelTaskResult(method: method, order: nil, stream: stream, outcomes: [], options: novel, experiment: options)
        // A folder holding scores made with other settings is refused rather than silently
        // started again: the old scores would be lost, or worse, mixed with the new ones.
        if FileManager.default.fileExists(atPath: url.path) {
            let saved = try NovelTaskResult.load(url)
            let changes = differences(from: saved, stream: stream)
            if !changes.isEmpty { throw ContinualError.settingsChanged(path: folder.path, differences: changes) }
            result.outcomes = saved.outcomes
        }
        if let streamFolder, let saved = try? ContinualResult.load(streamFolder.appendingPathComponent("result.json")) {
            result.order = saved.order
        }
        for id in novelTaskIDs where !result.outcomes.contains(where: { $0.task == id }) {
            let outcome = try adapt(to: try data.taskData(id, options: options))
            result.outcomes.append(outcome)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try SafeFile.write(encoder.encode(result), to: url)
            log(String(format: "[%@] %@: zero-shot %.1f, few-shot %.1f (%d sentences%@)%@, %.0f s", method.rawValue, id,
                       outcome.zeroShot, outcome.fewShot, outcome.shots, outcome.keptZeroShot == true ? "; dev kept the zero-shot state" : "",
                       outcome.borrowed.map { ", borrowed \($0)" } ?? "", outcome.seconds))
        }
        return result
    }

    /// "--flag saved (now new)" for each setting in which `saved` differs from this job; the
    /// stream's tasks stand for the stream job, whose options this job reuses.
    func differences(from saved: NovelTaskResult, stream: [String]) -> [String] {
        var out: [String] = []
        func note(_ name: String, _ old: String, _ new: String) { if old != new { out.append("\(name) \(old) (now \(new))") } }
        note("--method", saved.method.rawValue, method.rawValue)
        note("stream tasks (--stream)", saved.stream.isEmpty ? "none" : saved.stream.joined(separator: ","),
             stream.isEmpty ? "none" : stream.joined(separator: ","))
        note("--shots", "\(saved.options.shotsPerClass)", "\(novel.shotsPerClass)")
        note("--few-shot-epochs", "\(saved.options.fewShotEpochs)", "\(novel.fewShotEpochs)")
        note("--few-shot-batch", saved.options.fewShotBatchSize.map(String.init) ?? "the method's", novel.fewShotBatchSize.map(String.init) ?? "the method's")
        note("--few-shot-dev-every", "\(saved.options.fewShotDevEvery ?? 1)", "\(novel.fewShotDevEvery ?? 1)")
        note("few-shot seed", "\(saved.options.seed)", "\(novel.seed)")
        return out + JobSettings.optionDifferences(saved: saved.experiment, now: options, method: method)
    }

    /// The stream the method learned (from its result.json); empty for Individual.
    func streamTasks() throws -> [String] {
        guard method != .individual else { return [] }
        guard let streamFolder else {
            throw ContinualError.malformedState(path: "(none)", reason: "\(method.rawValue) needs the folder of its stream job")
        }
        return try ContinualResult.load(streamFolder.appendingPathComponent("result.json")).tasks
    }

    /// The few-shot version of `task`: the drawn sentences for training, its own dev and test.
    func fewShotData(_ task: TaskData) -> TaskData {
        TaskData(spec: task.spec, train: fewShotSample(task.train, schemas: task.spec.schemas, perClass: novel.shotsPerClass, seed: novel.seed),
                 dev: task.dev, test: task.test)
    }

    /// The trainer's options for few-shot training: the method's own, with the few-shot epochs.
    func fewShotTuning(_ tuning: PromptTuningOptions) -> PromptTuningOptions {
        var t = tuning
        t.epochs = novel.fewShotEpochs
        if let size = novel.fewShotBatchSize { t.batchSize = size }
        t.devEvery = novel.fewShotDevEvery
        return t
    }

    // snippet.novel-adapt
    func adapt(to task: TaskData) throws -> NovelTaskOutcome {
        let start = Date()
        let few = fewShotData(task), test = Array(task.test.prefix(options.testLimit))
        if method.isMultitask { return try adaptMultitask(task, few: few, test: test, start: start) }
        // Zero-shot and few-shot each start from the stream's end state.
        func fresh() throws -> ContinualLearner {
            method == .individual
                ? try makeLearner(.individual, backbone: backbone, vocabulary: Vocabulary.load(backbone.appendingPathComponent("vocabulary.txt")), options: options)
                : try loadLearner(method, jobFolder: streamFolder!, backbone: backbone, options: options)
        }
        var selection: MaskSelection?
        func lend(_ learner: ContinualLearner) throws {
            if let lpt = learner as? LotteryLearner {
                selection = try MaskSelector(model: lpt.model, vocabulary: lpt.vocabulary, lottery: lpt.lottery)
                    .perplexity(few.train, schemas: task.spec.schemas)
                lpt.borrowedMask = selection?.pick
            } else if let adapters = learner as? AdapterPerTask {
                selection = try perplexitySelection(model: adapters.model, vocabulary: adapters.vocabulary, examples: few.train,
                                                    schemas: task.spec.schemas,
                                                    candidates: adapters.adapterTasks.map { ($0, adapters.inputs(forTask: $0)!) })
                adapters.borrowedAdapters = selection?.pick
            }
        }
        let zeroShotLearner = try fresh()
        try lend(zeroShotLearner)
        let zeroShot = try zeroShotLearner.evaluate(task, examples: test, learned: false)

        let learner = try fresh()
        try lend(learner)
        let (tunable, tuningTask) = try learner.begin(few)
        let tuner = try PromptTuner(model: learner.model, vocabulary: learner.vocabulary, prompt: tunable, task: tuningTask,
                                    options: fewShotTuning(learner.tuning))
        try tuner.keepStartIfBest()   // the training start is a candidate (dev decides)
        try tuner.run()
        // So is the zero-shot state, which is not always the start: LPT trains on the grown
        // prompt while its borrowed mask scores at its own length, and AdapterCL trains a new
        // adapter set. Dev decides here too; a tie keeps the zero-shot state.
        let zeroShotDev = try zeroShotLearner.evaluate(task, examples: Array(task.dev.prefix(learner.tuning.devLimit)), learned: false)
        let keepsZeroShot = zeroShotDev >= tuner.bestF1
        try learner.finish(few)
        let fewShot = keepsZeroShot ? zeroShot : try learner.evaluate(task, examples: test, learned: true)
        return NovelTaskOutcome(task: task.spec.id, zeroShot: zeroShot, fewShot: fewShot, shots: few.train.count,
                                borrowed: selection?.pick, selection: selection, seconds: Date().timeIntervalSince(start),
                                fewShotDev: tuner.bestF1, zeroShotDev: zeroShotDev, keptZeroShot: keepsZeroShot)
    }
    // snippet.end

    /// The multi-task upper bounds: the tunable trained on the union of the stream's tasks,
    /// scored as it is, then trained further on the few-shot sentences.
    func adaptMultitask(_ task: TaskData, few: TaskData, test: [UIEExample], start: Date) throws -> NovelTaskOutcome {
        guard let streamFolder else {
            throw ContinualError.malformedState(path: "(none)", reason: "\(method.rawValue) needs the folder of its training job")
        }
        let stream = try streamTasks()
        let vocabulary = try Vocabulary.load(backbone.appendingPathComponent("vocabulary.txt"))
        func score(_ model: T5Model, _ tunable: TunablePrompt) throws -> Double {
            try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: test,
                           prompts: withNoGrad { tunable.promptInputs() }, constrained: options.tuning(for: method).constrained)
        }
        let (model, tunable) = try loadMultitask(method, jobFolder: streamFolder, backbone: backbone, options: options, taskIDs: stream, data: data)
        let zeroShot = try score(model, tunable)
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: tunable, task: TuningTask(few),
                                    options: fewShotTuning(options.tuning(for: method)))
        try tuner.keepStartIfBest()
        try tuner.run()
        return NovelTaskOutcome(task: task.spec.id, zeroShot: zeroShot, fewShot: try score(model, tunable), shots: few.train.count,
                                borrowed: nil, selection: nil, seconds: Date().timeIntervalSince(start))
    }
}
