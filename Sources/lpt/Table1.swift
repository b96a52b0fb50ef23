// `lpt table1`: the miniature of the paper's Table 1. Every method over every requested task
// order (13 tasks each, or the main job's nine with --hold-out-novel), Individual and the
// multi-task upper bounds once, as child jobs two at a time; then the table with mean ± spread
// over orders, beside the paper's figures.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation
import LotteryMasks
import SEL

struct Table1: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table1",
        abstract: "Every method over the task orders: the miniature Table 1 (resumable; prints its running time).",
        discussion: """
            Sequential methods run once per order; Individual and the multi-task upper bounds once. \
            FWT (paper) is measured against Individual, FWT (GEM) against the untrained backbone. \
            Results and states go to --output; rerunning resumes. Also writes the accuracy heatmaps \
            and, for LPT, the task-wise mask overlap averaged over orders (the paper's Fig. 3). \
            Every job is named method-order (the order-free ones after the first order), as lpt \
            table2 names its stream jobs, so with --hold-out-novel the two commands share the jobs \
            they have in common when given the same --output.
            Example: lpt table1 --output runs/table1
            """)

    @Option(help: "Folder for the runs, the table and the figures.") var output = "runs/table1"
    @Option(help: "Comma-separated methods, or all.") var methods = "all"
    @Option(help: "Comma-separated task orders (1-5).") var orders = "1,2,3,4,5"
    @Option(help: "Learning jobs run at once (one core each).") var jobs = 2
    @Option(help: "Also write the figures into this folder (e.g. figures).") var figures: String?
    @Flag(help: "Leave CoNLL03, CoNLL04, CASIE and 15res out of every stream (chapter 7's novel tasks), as the main job does.")
    var holdOutNovel = false
    @OptionGroup var flags: ExperimentFlags

    func validate() throws {
        _ = try parseMethods(methods)
        _ = try parseOrders(orders)
        try check(jobs, "--jobs", in: 1...Limits.jobs)
        try checkOutputFolder(output, "--output")
        try checkOutputFolder(figures, "--figures")
    }

    func run() throws {
        let start = Date()
        let folder = URL(fileURLWithPath: output)
        try OutputFolder.claim(folder)
        let methods = try parseMethods(methods), orders = try parseOrders(orders)
        var childJobs: [ChildJob] = []
        for method in methods {
            for order in method.isOrderFree ? [orders[0]] : orders {
                let name = "\(method.rawValue)-\(order)"
                childJobs.append(ChildJob(name: name, arguments: ["--method", method.rawValue, "--order", "\(order)"]
                                            + (holdOutNovel ? ["--hold-out-novel"] : []) + flags.arguments,
                                          folder: folder.appendingPathComponent(name)))
            }
        }
        say("\(childJobs.count) jobs, \(jobs) at a time: \(childJobs.map(\.name).joined(separator: ", "))")
        try ChildJobs.run(childJobs, parallel: jobs)
        let results = try childJobs.map { try ContinualResult.load($0.folder.appendingPathComponent("result.json")) }
        let taskIDs = Set(ContinualJob.stream(order: orders[0], holdOutNovel: holdOutNovel))
        let ids = Benchmark.tasks.map(\.id).filter(taskIDs.contains)
        let initial = try backboneScores(taskIDs: ids, options: flags.options, backbone: flags.backboneURL,
                                         cache: folder.appendingPathComponent("backbone-scores.json"))
        let individual = results.first { $0.method == .individual }.map { r in
            Dictionary(uniqueKeysWithValues: zip(r.tasks, r.matrix?.justLearned ?? []))
        }
        let table = ContinualTables.table1(results, initial: initial, individual: individual)
        var text = ["Miniature Table 1: \(orders.count) order(s) (\(orders.map(String.init).joined(separator: ","))), \(ids.count) tasks"
                    + (holdOutNovel ? " (novel tasks held out)" : "") + "; mean ± spread over orders",
                    "", table, "", "Paper (T5-large UIE, 5 orders): see chapter 6.", ""]
        if let overlap = try maskOverlap(results: results, ids: ids, folder: folder) {
            text += ["LPT task-wise mask overlap (Jaccard, mean over orders):", "", overlap.table, ""]
            if let figures { try FigureFile.write(overlap.heatmap.svg(), to: URL(fileURLWithPath: figures).appendingPathComponent("06-mask-overlap.svg")) }
        }
        if let figures, let lpt = results.first(where: { $0.method == .lpt && $0.order == orders[0] }), let m = lpt.matrix,
           let ft = results.first(where: { $0.method == .fineTuning && $0.order == orders[0] })?.matrix {
            let dir = URL(fileURLWithPath: figures)
            try FigureFile.write(ContinualTables.heatmap(m, title: "LPT, order \(orders[0]): test F1 after each task").svg(), to: dir.appendingPathComponent("06-accuracy-lpt.svg"))
            try FigureFile.write(ContinualTables.heatmap(ft, title: "Fine-tuning, order \(orders[0]): test F1 after each task").svg(), to: dir.appendingPathComponent("06-accuracy-fine-tuning.svg"))
            let learner = try loadLotteryLearner(jobFolder: folder.appendingPathComponent("lpt-\(orders[0])"), backbone: flags.backboneURL, options: flags.options)
            let reuse = MaskReuse(masks: learner.lottery.masks)
            let title = String(format: "LPT order %d: where each task's mask comes from (free after the last task: %.0f%%)", orders[0], 100 * reuse.freeCapacity)
            try FigureFile.write(reuse.heatmap(title: title).svg(), to: dir.appendingPathComponent("06-mask-reuse.svg"))
        }
        try FigureFile.write(text.joined(separator: "\n"), to: folder.appendingPathComponent("table1.md"))
        print(text.joined(separator: "\n"))
        print(String(format: "[time] %.0f s wall clock for %d jobs", Date().timeIntervalSince(start), childJobs.count))
    }

    /// Jaccard overlap of LPT's masks between every pair of tasks (by task id, so orders align),
    /// averaged over the LPT runs.
    func maskOverlap(results: [ContinualResult], ids: [String], folder: URL) throws -> (table: String, heatmap: Heatmap)? {
        let runs = results.filter { $0.method == .lpt }
        guard !runs.isEmpty else { return nil }
        var sum = [[Double]](repeating: [Double](repeating: 0, count: ids.count), count: ids.count)
        var count = sum
        for run in runs {
            let learner = try loadLotteryLearner(jobFolder: folder.appendingPathComponent("lpt-\(run.order ?? 1)"), backbone: flags.backboneURL, options: flags.options)
            let masks = Dictionary(uniqueKeysWithValues: learner.lottery.masks.map { ($0.task, $0.mask) })
            for (i, a) in ids.enumerated() { for (j, b) in ids.enumerated() {
                guard let ma = masks[a], let mb = masks[b] else { continue }
                sum[i][j] += ma.jaccard(mb); count[i][j] += 1
            } }
        }
        let values = zip(sum, count).map { zip($0, $1).map { $1 > 0 ? $0 / $1 : .nan } }
        var lines = ["| | " + ids.joined(separator: " | ") + " |", "| --- |" + String(repeating: " ---: |", count: ids.count)]
        for (i, id) in ids.enumerated() { lines.append("| \(id) | " + values[i].map { String(format: "%.2f", $0) }.joined(separator: " | ") + " |") }
        // The diagonal (1 by definition) is left blank, so the colour scale spans the pairs.
        let offDiagonal = values.enumerated().map { i, row in row.enumerated().map { j, v in i == j ? .nan : v * 100 } }
        let heatmap = Heatmap(title: "LPT: task-wise mask overlap (Jaccard × 100), mean over \(runs.count) order(s); two random masks: \(String(format: "%.0f", 100 * flags.keep / (2 - flags.keep)))",
                              rowLabels: ids, columnLabels: ids, values: offDiagonal, digits: 0, rowCaption: "task", columnCaption: "task")
        return (lines.joined(separator: "\n"), heatmap)
    }
}
