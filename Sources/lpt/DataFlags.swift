// `--data DIR` of the learning commands: tasks read from UIE dataset folders instead of the
// generated benchmark. Before anything trains, every task of the stream is read (a malformed line
// stops the command, naming the file and line) and its vocabulary coverage is printed; a task the
// backbone cannot read (too many <unk> words) is refused rather than silently trained on.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Foundation
import SEL
import T5

extension ExperimentFlags {
    var taskSource: TaskSource { TaskSource(dataFolder: data) }

    /// --data names an existing folder; --max-unknown is a share.
    func checkDataFolder() throws {
        try check(maxUnknown, "--max-unknown", in: 0...1)
        guard let data else { return }
        try checkPath(data, "--data")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--data \(data) is not a folder (it should hold one UIE dataset folder per task)")
        }
    }

    /// The task folders under --data, sorted by name (those holding a train.json).
    func taskFolders() -> [String] {
        guard let data, let names = try? FileManager.default.contentsOfDirectory(atPath: data) else { return [] }
        return names.filter { FileManager.default.fileExists(atPath: "\(data)/\($0)/\(TaskFolder.splitFiles.train)") }.sorted()
    }

    /// A --tasks list: benchmark ids, or with --data the names of its task folders.
    func parseTasks(_ text: String, flag: String = "--tasks") throws -> [String] {
        guard let data else { return try lpt.parseTasks(text, flag: flag) }
        let items = parseList(text)
        try checkList(items, flag)
        let folders = taskFolders()
        for id in items where !folders.contains(id) {
            throw ValidationError("\(flag): \(data) has no task folder '\(id)' with a \(TaskFolder.splitFiles.train); "
                                  + (folders.isEmpty ? "it has none" : "it has \(folders.joined(separator: ", "))"))
        }
        return items
    }

    /// With --data: reads each task of `ids` (malformed files are errors naming file and line),
    /// prints its sizes and vocabulary coverage, and throws if any task is poorly covered.
    func checkData(_ ids: [String]) throws {
        guard data != nil else { return }
        let vocabulary = try Vocabulary.load(backboneURL.appendingPathComponent("vocabulary.txt"))
        var refused: [String] = []
        for id in ids {
            let coverage = VocabularyCoverage(try taskSource.taskData(id, options: options), vocabulary: vocabulary)
            say("data: " + coverage.line)
            if maxUnknown < 1, coverage.unknownShare > maxUnknown || !coverage.unknownLabels.isEmpty {
                refused.append(String(format: "%@ (%.1f%% of its words unknown%@)", id, 100 * coverage.unknownShare,
                                      coverage.unknownLabels.isEmpty ? "" : "; labels \(coverage.unknownLabels.joined(separator: ", "))"))
            }
        }
        if !refused.isEmpty { throw DataError.poorlyCovered(tasks: refused, limit: maxUnknown) }
    }
}

enum DataError: Error, CustomStringConvertible {
    case poorlyCovered(tasks: [String], limit: Double)
    var description: String {
        switch self {
        case .poorlyCovered(let tasks, let limit):
            return String(format: "the backbone's vocabulary lacks too many words (more than --max-unknown %g, or a label word) of %@. "
                          + "The backbone reads such words as <unk> and cannot copy them into its output, so the task would be learned "
                          + "badly and scored low. Use a backbone whose vocabulary holds them (--backbone), or pass --max-unknown 1 to "
                          + "train anyway.", limit, tasks.joined(separator: "; "))
        }
    }
}
