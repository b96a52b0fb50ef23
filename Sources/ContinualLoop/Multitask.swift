// The non-continual upper bounds (chapter 6): one prompt, one adapter set or one model trained
// on the union of every task at once, then scored on each task. Nothing is forgotten because
// nothing comes first.

import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public struct MultitaskResult: Codable, Sendable {
    public let method: ContinualMethod
    public let tasks: [String]
    public let testF1: [Double]
    public let seconds: Double
    public let tunedParameters: Int
    public var average: Double { mean(testF1) }
}

/// Trains `tunable` on the union of `tasks` (each example keeps its task's schema prompt) and
/// scores every task with `prompts` (the trained tunable's inputs). Dev selection uses the mean
/// F1 over every task's first `devPerTask` dev sentences.
public func trainMultitask(method: ContinualMethod, model: T5Model, vocabulary: Vocabulary, tunable: TunablePrompt,
                           tasks: [TaskData], tuning: PromptTuningOptions, devPerTask: Int, testLimit: Int,
                           tunedParameters: Int, checkpointFolder: URL? = nil,
                           progress: ((Int, Float) -> Void)? = nil, epochReport: ((EpochRecord) -> Void)? = nil) throws -> MultitaskResult {
    let start = Date()
    let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: tunable,
                                task: multitaskUnion(tasks, devPerTask: devPerTask), options: tuning)
    func score(_ task: TaskData, _ examples: [UIEExample]) throws -> Double {
        try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples,
                       prompts: withNoGrad { tunable.promptInputs() }, constrained: tuning.constrained)
    }
    tuner.devScorer = { mean(try tasks.map { try score($0, Array($0.dev.prefix(devPerTask))) }) }
    if let checkpointFolder {
        try FileManager.default.createDirectory(at: checkpointFolder, withIntermediateDirectories: true)
        _ = try tuner.resume(from: checkpointFolder)
    }
    try tuner.run(checkpointFolder: checkpointFolder, progress: progress, report: epochReport)
    return MultitaskResult(method: method, tasks: tasks.map(\.spec.id),
                           testF1: try tasks.map { try score($0, Array($0.test.prefix(testLimit))) },
                           seconds: Date().timeIntervalSince(start), tunedParameters: tunedParameters)
}

/// The union of `tasks` as one tuning task: every example keeps its own task's schema prompt.
func multitaskUnion(_ tasks: [TaskData], devPerTask: Int) -> TuningTask {
    let first = tasks[0].spec
    return TuningTask(id: "multitask", kind: first.kind, schemas: first.schemas, strategy: first.strategy,
                      train: tasks.flatMap(\.train), dev: tasks.flatMap { $0.dev.prefix(devPerTask) },
                      trainSchemas: tasks.flatMap { t in t.train.map { _ in t.spec.schemas.record } })
}

/// A finished multi-task job's trained tunable (its best dev state), on its own copy of the
/// backbone: `lpt learn` keeps it in `folder/multitask`. Chapter 7 scores and adapts it on
/// the novel tasks.
public func loadMultitask(_ method: ContinualMethod, jobFolder folder: URL, backbone: URL,
                          options: ExperimentOptions, taskIDs: [String],
                          data: TaskSource = .benchmark) throws -> (model: T5Model, tunable: TunablePrompt) {
    let model = try T5Model(checkpoint: backbone)
    let vocabulary = try Vocabulary.load(backbone.appendingPathComponent("vocabulary.txt"))
    let (tunable, _) = multitaskTunable(method, model: model, options: options)
    let tasks = try taskIDs.map { try data.taskData($0, options: options) }
    let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: tunable,
                                task: multitaskUnion(tasks, devPerTask: max(1, options.devLimit / 4)), options: options.tuning(for: method))
    let checkpoint = folder.appendingPathComponent("multitask")
    guard try tuner.resume(from: checkpoint), tuner.epoch == tuner.options.epochs else {
        throw ContinualError.malformedState(path: checkpoint.path, reason: "no finished \(method.rawValue) training here; run lpt learn --method \(method.rawValue) first")
    }
    tuner.restoreBest()
    return (model, tunable)
}
