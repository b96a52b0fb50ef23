// One learner over one task stream (chapter 6): measure each task just before learning it, learn
// it, then score every task learned so far. After each task the learner's state goes into a new
// folder `state-K`, and only then does `progress.json` (the accuracy matrix so far) name it; a run
// killed at any moment therefore resumes from a consistent pair, and the task that was cut short
// resumes from its last epoch checkpoint.

import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public struct ContinualProgress: Codable, Sendable {
    public var method: ContinualMethod
    public var matrix: AccuracyMatrix
    /// Seconds spent on each finished task (training and scoring).
    public var seconds: [Double]
    /// Dev F1 of the kept state of each finished task.
    public var bestDevF1: [Double]
}

public final class ContinualRun {
    public let learner: ContinualLearner
    public let tasks: [TaskData]
    /// Test sentences scored per task and row.
    public let testLimit: Int
    /// Also score each task just before it is learned (forward transfer, GEM's definition).
    public var measureBeforeLearning = true
    public private(set) var progress: ContinualProgress
    /// The trainer's options for one task (per-kind epochs); nil: the learner's own for every task.
    public var tuning: ((TaskData) -> PromptTuningOptions)?
    /// Stop (as if killed) after epoch `epoch` of task index `task`, its checkpoint written:
    /// for resume tests and demonstrations.
    public var stop: (task: Int, epoch: Int)?

    public init(learner: ContinualLearner, tasks: [TaskData], testLimit: Int) {
        (self.learner, self.tasks, self.testLimit) = (learner, tasks, testLimit)
        progress = ContinualProgress(method: learner.method, matrix: AccuracyMatrix(tasks: tasks.map(\.spec.id)),
                                     seconds: [], bestDevF1: [])
    }

    public var matrix: AccuracyMatrix { progress.matrix }

    func testF1(_ task: TaskData, learned: Bool) throws -> Double {
        try learner.evaluate(task, examples: Array(task.test.prefix(testLimit)), learned: learned)
    }

    // snippet.continual-run
    /// Learns the tasks not yet done; `folder` holds the resumable state.
    public func run(folder: URL? = nil, progress report: ((String, Int, Float) -> Void)? = nil,
                    epochReport: ((String, EpochRecord) -> Void)? = nil,
                    taskReport: ((Int, ContinualProgress) throws -> Void)? = nil) throws {
        if let folder { try resume(from: folder) }
        for k in progress.matrix.learnedCount..<tasks.count {
            let task = tasks[k], start = Date()
            if measureBeforeLearning { progress.matrix.beforeLearning[k] = try testF1(task, learned: false) }
            let (tunable, tuningTask) = try learner.begin(task)
            let tuner = try PromptTuner(model: learner.model, vocabulary: learner.vocabulary, prompt: tunable,
                                        task: tuningTask, options: tuning?(task) ?? learner.tuning)
            let taskFolder = folder?.appendingPathComponent("task-\(task.spec.id)")
            if let taskFolder {
                try FileManager.default.createDirectory(at: taskFolder, withIntermediateDirectories: true)
                _ = try tuner.resume(from: taskFolder)
            }
            try tuner.run(until: stop?.task == k ? stop?.epoch : nil, checkpointFolder: taskFolder,
                          progress: { report?(task.spec.id, $0, $1) }, report: { epochReport?(task.spec.id, $0) })
            if stop?.task == k { throw ContinualError.stopped(task: task.spec.id, epoch: tuner.epoch) }
            try learner.finish(task)
            let row = try tasks.indices.map { i in i <= k ? try testF1(tasks[i], learned: true) : nil }
            progress.matrix.after.append(row)
            progress.seconds.append(Date().timeIntervalSince(start))
            progress.bestDevF1.append(tuner.bestF1)
            if let folder { try save(to: folder, finished: k + 1, taskFolder: taskFolder) }
            try taskReport?(k, progress)
        }
    }
    // snippet.end

    func save(to folder: URL, finished: Int, taskFolder: URL?) throws {
        let state = folder.appendingPathComponent("state-\(finished)")
        try? FileManager.default.removeItem(at: state)
        try learner.save(to: state)
        try SafeFile.write(JSONEncoder().encode(progress), to: folder.appendingPathComponent("progress.json"))
        // Only now are the older state and the finished task's epoch checkpoints garbage.
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("state-\(finished - 1)"))
        if let taskFolder { try? FileManager.default.removeItem(at: taskFolder) }
    }

    func resume(from folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("progress.json")
        guard let data = try? Data(contentsOf: url) else { return }
        guard let saved = try? JSONDecoder().decode(ContinualProgress.self, from: data) else {
            throw ContinualError.malformedState(path: url.path, reason: "not a continual-run progress file")
        }
        guard saved.method == learner.method, saved.matrix.tasks == tasks.map(\.spec.id) else {
            throw ContinualError.orderMismatch(path: folder.path, saved: [saved.method.rawValue] + saved.matrix.tasks,
                                               requested: [learner.method.rawValue] + tasks.map(\.spec.id))
        }
        let done = saved.matrix.learnedCount
        if done > 0 { try learner.load(from: folder.appendingPathComponent("state-\(done)")) }
        progress = saved
    }
}
