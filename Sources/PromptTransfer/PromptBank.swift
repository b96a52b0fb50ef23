// One deep prompt per task, trained with chapter 4's PromptTuner on the frozen backbone and kept
// as a file per task in a folder (chapter 8). The bank is resumable at two grains: a task whose
// prompt file exists is skipped, and a task killed mid-training resumes from the tuner's own
// per-epoch checkpoint. Every prompt gets the same budget, so that no target's own prompt is
// weaker than the rest for lack of training (a relative transfer above 100% would then say
// more about the budget than about the prompts).

import ContinualLoop
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

/// A trained task prompt and how its training went.
public struct TrainedPrompt: Sendable {
    public let task: String
    /// The prompt at its best dev epoch, laid out as `PromptLayout.shape`.
    public let values: [Float]
    public let history: [EpochRecord]
    public let bestDevF1: Double
}

// snippet.tune-prompt
/// Trains a deep prompt on `task` from `start`, checkpointing into `checkpoint` after every
/// epoch (and resuming from it). `startScore` gets the dev F1 of the start before any step (the
/// zero-shot score of a transferred prompt), once, on a fresh run. Returns the best prompt.
public func tunePrompt(model: T5Model, vocabulary: Vocabulary, task: TaskData, layout: PromptLayout,
                       start: PromptInitialization, seed: UInt64, tuning: PromptTuningOptions, checkpoint: URL?,
                       startScore: ((Double) throws -> Void)? = nil, progress: ((Int, Float) -> Void)? = nil,
                       report: ((EpochRecord) -> Void)? = nil) throws -> TrainedPrompt {
    let prompt = SoftPrompt(layout: layout, model: model, initialization: start, seed: seed)
    let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: prompt, task: TuningTask(task), options: tuning)
    var resumed = false
    if let checkpoint {
        try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: true)
        resumed = try tuner.resume(from: checkpoint)
    }
    if !resumed, let startScore { try startScore(try tuner.evaluateDev()) }
    try tuner.run(checkpointFolder: checkpoint, progress: progress, report: report)
    return TrainedPrompt(task: task.spec.id, values: prompt.values.data, history: tuner.history, bestDevF1: tuner.bestF1)
}
// snippet.end

/// The folder of task prompts: `<task>.safetensors` (the prompt) and `<task>.json` (its history),
/// with `<task>.partial/` holding the tuner's checkpoint while the task trains.
public struct PromptBank {
    public let folder: URL
    public let layout: PromptLayout

    public init(folder: URL, layout: PromptLayout) { (self.folder, self.layout) = (folder, layout) }

    struct Record: Codable { let history: [EpochRecord]; let bestDevF1: Double }

    func promptURL(_ task: String) -> URL { folder.appendingPathComponent("\(task).safetensors") }
    func recordURL(_ task: String) -> URL { folder.appendingPathComponent("\(task).json") }

    /// The saved prompt of `task`, or nil when it has not been trained yet.
    public func load(_ task: String) throws -> TrainedPrompt? {
        let url = promptURL(task)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let values: [Float]
        switch Safetensors.finiteFloats("prompt", in: try Safetensors.read(url), count: layout.parameterCount) {
        case .success(let v): values = v
        case .failure(let defect): throw TransferError.malformedFile(path: url.path, reason: "\(defect)")
        }
        guard let data = try? Data(contentsOf: recordURL(task)), let record = try? JSONDecoder().decode(Record.self, from: data) else {
            throw TransferError.malformedFile(path: recordURL(task).path, reason: "missing or not a prompt's training record")
        }
        return TrainedPrompt(task: task, values: values, history: record.history, bestDevF1: record.bestDevF1)
    }

    /// Writes the record first and the prompt last: the prompt file marks the task as done.
    public func save(_ prompt: TrainedPrompt) throws {
        try AtomicWrite.write(JSONEncoder().encode(Record(history: prompt.history, bestDevF1: prompt.bestDevF1)), to: recordURL(prompt.task))
        try Safetensors.write(["prompt": StoredTensor(floats: prompt.values, shape: layout.shape)], to: promptURL(prompt.task))
    }

    // snippet.bank-train
    /// Every task's prompt: loaded when saved, trained (or resumed) and saved otherwise.
    public func trainAll(_ tasks: [TaskData], model: T5Model, vocabulary: Vocabulary, options: TransferOptions,
                         log: (String) -> Void) throws -> [TrainedPrompt] {
        try tasks.enumerated().map { k, task in
            let id = task.spec.id
            if let saved = try load(id) { return saved }
            let tuning = options.experiment.tuning(for: .cpt, kind: task.spec.kind)   // the main job's prompt budget
            let partial = folder.appendingPathComponent("\(id).partial")
            let bar = ProgressLine("[prompt \(k + 1)/\(tasks.count)] \(id)", total: (task.train.count + tuning.batchSize - 1) / tuning.batchSize)
            let start = Date()
            let trained = try tunePrompt(model: model, vocabulary: vocabulary, task: task, layout: layout,
                                         start: .random(std: 0.02), seed: options.promptSeed(id), tuning: tuning, checkpoint: partial,
                                         progress: { bar.update($0, detail: String(format: "loss %.3f", $1)) })
            try save(trained)
            try? FileManager.default.removeItem(at: partial)
            log(String(format: "[prompt %d/%d] %@: best dev F1 %.1f after %d epochs (%.0f s)", k + 1, tasks.count, id,
                       trained.bestDevF1, trained.history.count, Date().timeIntervalSince(start)))
            return trained
        }
    }
    // snippet.end
}
