// Where a job's tasks come from: the generated benchmark (the chapters' setting) or a folder
// holding one UIE dataset folder per task (`--data DIR`). Either way a task is a `TaskData` at
// the experiment's sizes, so every learner, score and table is the same code on both.

import Foundation
import SEL

public enum TaskSource: Equatable, Sendable {
    case benchmark
    /// DIR/<task id>/ holds each task (an absolute path).
    case folder(String)

    /// `--data DIR` as given on the command line, or the benchmark when there is none.
    public init(dataFolder: String?) {
        self = dataFolder.map { .folder(URL(fileURLWithPath: $0).standardizedFileURL.path) } ?? .benchmark
    }

    /// The task `id` at `options`' sizes: generated, or the first sentences of each split of DIR/id
    /// (a folder written by `lpt benchmark --output DIR --dev D --test T` with D and T equal to the
    /// dev and test limits holds exactly the generated sentences).
    public func taskData(_ id: String, options: ExperimentOptions) throws -> TaskData {
        switch self {
        case .benchmark: return try options.taskData(id)
        case .folder(let root):
            let limits = BenchmarkOptions(trainSize: options.trainSize, devSize: max(options.devLimit, 1), testSize: max(options.testLimit, 1))
            return try TaskFolder.load(URL(fileURLWithPath: root).appendingPathComponent(id), id: id, limits: limits)
        }
    }

    /// The data folder as job settings record it (nil for the benchmark).
    public var folderPath: String? {
        if case .folder(let path) = self { return path }
        return nil
    }
}
