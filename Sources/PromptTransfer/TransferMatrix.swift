// Zero-shot cross-task transfer (chapter 8): every task's prompt evaluated on every task's test
// split. The target keeps its own schema prompt (the labels to extract are the target's), only
// the soft prompt is swapped. Raw F1 alone is hard to read across tasks of unequal difficulty,
// so each column is divided by its diagonal: relative transfer = F1(source prompt on target) /
// F1(target's own prompt), Su et al.'s measure.

import ContinualLoop
import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

// snippet.transfer-matrix
public struct TransferMatrix: Codable, Equatable, Sendable {
    /// Sources and targets alike, in this order.
    public let tasks: [String]
    /// f1[s][t]: test F1 on task t with task s's prompt; nil while not scored yet.
    public var f1: [[Double?]]

    public init(tasks: [String]) {
        self.tasks = tasks
        f1 = tasks.map { _ in tasks.map { _ in nil } }
    }

    /// F1(s on t) / F1(t on t); nil when either is missing or the own prompt scores 0.
    public func relative(source s: Int, target t: Int) -> Double? {
        guard let cross = f1[s][t], let own = f1[t][t], own > 0 else { return nil }
        return cross / own
    }

    /// Every relative transfer, NaN where undefined (a grey cell in the heatmap).
    public var relativeValues: [[Double]] {
        tasks.indices.map { s in tasks.indices.map { t in relative(source: s, target: t) ?? .nan } }
    }

    /// Mean relative transfer over pairs of the same type and over pairs of different types,
    /// the diagonal left out (it is 1 by definition).
    public func typeMeans(kinds: [TaskKind]) -> (same: Double, cross: Double) {
        var same: [Double] = [], cross: [Double] = []
        for s in tasks.indices { for t in tasks.indices where s != t {
            guard let r = relative(source: s, target: t) else { continue }
            if kinds[s] == kinds[t] { same.append(r) } else { cross.append(r) }
        } }
        return (meanOrNaN(same), meanOrNaN(cross))
    }
}
// snippet.end

extension TransferMatrix {
    /// Scores the missing cells, one source row at a time, saving the matrix to `file` after
    /// each row so a killed run loses at most one row.
    public mutating func score(prompts: [TrainedPrompt], data: [TaskData], model: T5Model, vocabulary: Vocabulary,
                               layout: PromptLayout, options: ExperimentOptions, file: URL?, log: (String) -> Void) throws {
        for (s, source) in tasks.enumerated() where f1[s].contains(where: { $0 == nil }) {
            guard let prompt = prompts.first(where: { $0.task == source }) else { continue }
            let inputs = withNoGrad { layout.inputs(Tensor(prompt.values, shape: layout.shape)) }
            let start = Date()
            for (t, target) in tasks.enumerated() where f1[s][t] == nil {
                guard let task = data.first(where: { $0.spec.id == target }) else { continue }
                f1[s][t] = try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: Array(task.test.prefix(options.testLimit)),
                                          prompts: inputs, constrained: true)
            }
            if let file { try SafeFile.write(JSONEncoder().encode(self), to: file) }
            log(String(format: "[matrix %d/%d] %@'s prompt on every task (%.0f s)", s + 1, tasks.count, source, Date().timeIntervalSince(start)))
        }
    }

    /// The matrix saved in `file` if it is one over `tasks`, else an empty one.
    public static func resume(_ file: URL, tasks: [String]) throws -> TransferMatrix {
        guard FileManager.default.fileExists(atPath: file.path) else { return TransferMatrix(tasks: tasks) }
        guard let data = try? Data(contentsOf: file), let saved = try? JSONDecoder().decode(TransferMatrix.self, from: data),
              saved.tasks == tasks, saved.f1.count == tasks.count, saved.f1.allSatisfy({ $0.count == tasks.count }) else {
            throw TransferError.malformedFile(path: file.path, reason: "not a transfer matrix over \(tasks.joined(separator: ","))")
        }
        return saved
    }

    /// The relative-transfer heatmap, rows = source prompt, columns = target task, in `order`.
    public func heatmap(order: [String], title: String) -> Heatmap {
        let index = order.map { id in tasks.firstIndex(of: id)! }
        let values = relativeValues
        return Heatmap(title: title, rowLabels: order, columnLabels: order,
                       values: index.map { s in index.map { t in values[s][t] } }, digits: 2,
                       rowCaption: "source prompt", columnCaption: "target task (its own schema prompt)")
    }
}

/// The mean, NaN for no values (a "–" in the tables, where 0 would read as a result).
func meanOrNaN(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
