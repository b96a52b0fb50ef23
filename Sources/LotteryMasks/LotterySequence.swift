// Learning tasks one after another with one lottery prompt (chapter 5): for each task, fresh
// scores, prompt tuning with gradient isolation, then the mask is frozen and every task learned
// so far is scored on its test split with its own mask. The learned state is saved after each
// task and each epoch, so a killed run resumes where it stopped.

import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public struct LotteryStepReport: Codable, Sendable {
    public let task: String
    /// Test F1 of every task learned so far (in learning order), each with its own mask.
    public let testF1: [Double]
    public let bestDevF1: Double
    public let maskSize: Int
    /// Entries this task trained itself (not owned by an earlier task).
    public let newEntries: Int
    public let unionSize: Int
    public let freeCapacity: Double
    public let seconds: Double
}

public final class LotterySequence {
    public let model: T5Model
    public let vocabulary: Vocabulary
    public let lottery: LotteryPrompt
    public let tasks: [TaskData]
    public let tuning: PromptTuningOptions
    public let testLimit: Int
    public private(set) var reports: [LotteryStepReport] = []

    public init(model: T5Model, vocabulary: Vocabulary, lottery: LotteryPrompt, tasks: [TaskData],
                tuning: PromptTuningOptions, testLimit: Int = 300) {
        (self.model, self.vocabulary, self.lottery, self.tasks) = (model, vocabulary, lottery, tasks)
        (self.tuning, self.testLimit) = (tuning, testLimit)
    }

    /// Test F1 of learned task `id` under its own mask.
    public func testF1(_ data: TaskData) throws -> Double {
        let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
        guard let prompts = lottery.inputs(forTask: data.spec.id) else { return .nan }
        return try evaluator.evaluate(Array(data.test.prefix(testLimit)), schemas: data.spec.schemas, strategy: data.spec.strategy,
                                      constrained: tuning.constrained, prompts: prompts).headlineF1(kind: data.spec.kind)
    }

    // snippet.lottery-sequence
    /// Learns the remaining tasks; `folder` (if given) holds the state after each task and the
    /// current task's per-epoch checkpoint.
    public func run(checkpointFolder folder: URL? = nil, progress: ((String, Int, Float) -> Void)? = nil,
                    epochReport: ((String, EpochRecord) -> Void)? = nil,
                    report: ((LotteryStepReport) -> Void)? = nil) throws {
        if let folder { try resume(from: folder) }
        for data in tasks.dropFirst(reports.count) {
            let start = Date()
            let before = lottery.owned
            lottery.beginTask()
            let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: lottery, task: TuningTask(data), options: tuning)
            let taskFolder = folder?.appendingPathComponent("task-\(data.spec.id)")
            if let taskFolder {
                try FileManager.default.createDirectory(at: taskFolder, withIntermediateDirectories: true)
                _ = try tuner.resume(from: taskFolder)
            }
            try tuner.run(checkpointFolder: taskFolder, progress: { progress?(data.spec.id, $0, $1) },
                          report: { epochReport?(data.spec.id, $0) })
            let mask = lottery.finishTask(data.spec.id)
            let learned = tasks.prefix(reports.count + 1)
            let step = LotteryStepReport(task: data.spec.id, testF1: try learned.map(testF1), bestDevF1: tuner.bestF1,
                                         maskSize: mask.popcount, newEntries: mask.subtracting(before).popcount,
                                         unionSize: lottery.owned.popcount, freeCapacity: lottery.freeCapacity,
                                         seconds: Date().timeIntervalSince(start))
            reports.append(step)
            if let folder { try save(to: folder) }
            report?(step)
        }
    }
    // snippet.end

    /// Reports first, then the lottery state: a kill between the two leaves one report more than
    /// masks, and `resume` then simply redoes the last task from its final epoch checkpoint.
    func save(to folder: URL) throws {
        try AtomicWrite.write(JSONEncoder().encode(reports), to: folder.appendingPathComponent("reports.json"))
        try lottery.save(to: folder.appendingPathComponent("lottery"))
    }

    /// Picks up the tasks already finished in `folder`: the lottery state and their reports must
    /// agree on how many tasks are done.
    func resume(from folder: URL) throws {
        let reportsURL = folder.appendingPathComponent("reports.json")
        guard FileManager.default.fileExists(atPath: reportsURL.path),
              FileManager.default.fileExists(atPath: folder.appendingPathComponent("lottery/manifest.json").path) else { return }
        guard let saved = try? JSONDecoder().decode([LotteryStepReport].self, from: Data(contentsOf: reportsURL)) else {
            throw LotteryStoreError.malformed(path: reportsURL.path, reason: "not a list of per-task reports")
        }
        try lottery.load(from: folder.appendingPathComponent("lottery"))
        let done = lottery.masks.map(\.task)
        guard done.count <= saved.count, done == Array(tasks.prefix(done.count).map(\.spec.id)) else {
            throw LotteryStoreError.malformed(path: folder.path, reason: "its finished tasks \(done) are not the start of this run's order")
        }
        reports = Array(saved.prefix(done.count))
    }
}

/// Everything that shapes a lottery sequence's results, saved as `settings.json` in its
/// checkpoint folder on the first run. The per-epoch prompt checkpoints only guard the task
/// being learned, and the lottery manifest only its layout: without this record a rerun with
/// another --train or --keep would carry on from masks learned under the old settings and
/// report them as the new run's.
public struct LotteryRunSettings: Codable, Equatable, Sendable {
    public var tasks: [String]
    public var trainSize: Int
    public var epochs: Int
    public var keepFraction: Double
    public var devLimit: Int
    public var testLimit: Int
    /// The backbone folder as given (nil: the shipped one).
    public var backbone: String?

    public static let fileName = "settings.json"

    public init(tasks: [String], trainSize: Int, epochs: Int, keepFraction: Double, devLimit: Int, testLimit: Int, backbone: String?) {
        (self.tasks, self.trainSize, self.epochs, self.keepFraction) = (tasks, trainSize, epochs, keepFraction)
        (self.devLimit, self.testLimit, self.backbone) = (devLimit, testLimit, backbone)
    }

    /// Throws `settingsChanged` when `folder` holds a run made with other settings, and records
    /// these settings when it holds none yet.
    public func checkOrRecord(in folder: URL) throws {
        let url = folder.appendingPathComponent(Self.fileName)
        if FileManager.default.fileExists(atPath: url.path) {
            guard let data = try? Data(contentsOf: url), let saved = try? JSONDecoder().decode(LotteryRunSettings.self, from: data) else {
                throw LotteryStoreError.malformed(path: url.path, reason: "not the run settings written by stage05-lottery-masks")
            }
            let changes = differences(from: saved)
            if !changes.isEmpty { throw LotteryStoreError.settingsChanged(path: folder.path, differences: changes) }
            return
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicWrite.write(encoder.encode(self), to: url)
    }

    /// "--flag saved (now new)" for every setting that differs.
    public func differences(from saved: LotteryRunSettings) -> [String] {
        var out: [String] = []
        func note(_ flag: String, _ old: String, _ new: String) { if old != new { out.append("\(flag) \(old) (now \(new))") } }
        note("--tasks", saved.tasks.joined(separator: ","), tasks.joined(separator: ","))
        note("--train", "\(saved.trainSize)", "\(trainSize)")
        note("--epochs", "\(saved.epochs)", "\(epochs)")
        note("--keep", "\(saved.keepFraction)", "\(keepFraction)")
        note("--dev-limit", "\(saved.devLimit)", "\(devLimit)")
        note("--test-limit", "\(saved.testLimit)", "\(testLimit)")
        note("--backbone", saved.backbone ?? "shipped", backbone ?? "shipped")
        return out
    }
}
