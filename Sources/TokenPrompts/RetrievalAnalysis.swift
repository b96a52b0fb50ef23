// What retrieval does (chapter 9): which bank slots each task's sentences read, and how alike
// two sentences' slot sets are within a task and across tasks.

import ContinualLoop
import Diagrams
import Foundation
import SEL

/// The slots read by each evaluation sentence of one task.
public struct TaskSlots: Sendable {
    public let task: String
    public let slots: [[Int]]
    public init(task: String, slots: [[Int]]) { (self.task, self.slots) = (task, slots) }

    /// How many of this task's sentences read each slot.
    public func usage(bankSize: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bankSize)
        for set in slots { for j in set { counts[j] += 1 } }
        return counts
    }
}

public enum RetrievalAnalysis {
    // snippet.overlap
    /// |A ∩ B| / |A ∪ B| of two slot sets, each ascending without repeats.
    public static func jaccard(_ a: [Int], _ b: [Int]) -> Double {
        var (i, j, shared) = (0, 0, 0)
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        let union = a.count + b.count - shared
        return union == 0 ? 1 : Double(shared) / Double(union)
    }

    /// Mean Jaccard over every pair of sentences of one task (within), and over every pair of
    /// sentences of two different tasks (across). If the task alone chose the slots, within would
    /// be 1; if the sentence mattered as much as its task, within would equal across.
    public static func overlap(_ tasks: [TaskSlots]) -> (within: Double, across: Double) {
        var within = (sum: 0.0, pairs: 0), across = (sum: 0.0, pairs: 0)
        for (t, task) in tasks.enumerated() {
            for (i, a) in task.slots.enumerated() {
                for b in task.slots[(i + 1)...] { within.sum += jaccard(a, b); within.pairs += 1 }
                for other in tasks[(t + 1)...] {
                    for b in other.slots { across.sum += jaccard(a, b); across.pairs += 1 }
                }
            }
        }
        return (within.sum / Double(max(within.pairs, 1)), across.sum / Double(max(across.pairs, 1)))
    }
    // snippet.end

    /// A task's reads per slot, and the share of its reads in its k most-read slots (exercise 9.3
    /// asks for the same; `stage09-token-prompts --mine` builds the usage table from the learner's).
    public typealias SlotUsage = (counts: [Int], topShare: Double)

    /// The kit's usage of one task: counts per slot; of all reads, the share in the k most-read
    /// slots (equal counts to the lower slot), 0 with no reads.
    public static func usage(_ task: TaskSlots, bankSize: Int, k: Int) -> SlotUsage {
        let counts = task.usage(bankSize: bankSize)
        let reads = counts.reduce(0, +)
        let inTop = Retrieval.topK(counts.map { Float($0) }, k: k).reduce(0) { $0 + counts[$1] }
        return (counts, reads == 0 ? 0 : Double(inTop) / Double(reads))
    }

    /// Per task: distinct slots read, the share of all reads that went to its k most-read slots
    /// (100% means every sentence read one set), and how many of those k no other task has
    /// among its own k most-read. `usage` computes each task's counts and share (the kit's by default).
    public static func usageTable(_ tasks: [TaskSlots], bankSize: Int, k: Int,
                                  usage: ((TaskSlots) throws -> SlotUsage)? = nil) rethrows -> String {
        var lines = ["| task | sentences | distinct slots read | reads in its \(k) most-read slots | of those, in no other task's \(k) most-read |",
                     "| --- | ---: | ---: | ---: | ---: |"]
        var rows: [SlotUsage] = []
        for task in tasks { rows.append(try usage?(task) ?? RetrievalAnalysis.usage(task, bankSize: bankSize, k: k)) }
        let tops: [Set<Int>] = rows.map { Set(Retrieval.topK($0.counts.map { Float($0) }, k: k)) }
        for t in tasks.indices {
            var others = Set<Int>()
            for u in tasks.indices where u != t { others.formUnion(tops[u]) }
            let distinct = rows[t].counts.filter { $0 > 0 }.count
            let share = String(format: "%.0f%%", 100 * rows[t].topShare)
            lines.append("| \(tasks[t].task) | \(tasks[t].slots.count) | \(distinct) | \(share) | \(tops[t].subtracting(others).count) |")
        }
        var used = Set<Int>()
        for task in tasks { for set in task.slots { used.formUnion(set) } }
        lines.append("\n\(used.count) of the bank's \(bankSize) slots are read by at least one sentence.")
        return lines.joined(separator: "\n")
    }

    /// Tasks × slots: the percentage of each task's sentences that read each slot, over the whole
    /// bank, so that runs can be compared column by column; colour only, as 120 columns of printed
    /// numbers could not be read.
    public static func heatmap(_ tasks: [TaskSlots], bankSize: Int, title: String) -> Heatmap {
        var values: [[Double]] = []
        for task in tasks {
            let sentences = Double(max(task.slots.count, 1))
            values.append(task.usage(bankSize: bankSize).map { 100 * Double($0) / sentences })
        }
        var map = Heatmap(title: title, rowLabels: tasks.map(\.task), columnLabels: (0..<bankSize).map { String($0) },
                          values: values, digits: 0, rowCaption: "task", columnCaption: "bank slot")
        map.compactLabelEvery = 10
        return map
    }
}
