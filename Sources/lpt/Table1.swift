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
            On several machines: --plan FILE writes the jobs as one lpt command per line (for GNU \
            parallel, or a Slurm job array with --plan-format slurm); once they have run, the same \
            command with --collect DIR (DIR: the --output) prints the table. See appendix B.
            Example: lpt table1 --output runs/table1
            """)

    @Option(help: "Folder for the runs, the table and the figures.") var output = "runs/table1"
    @Option(help: "Comma-separated methods, or all.") var methods = "all"
    @Option(help: "Comma-separated task orders (1-5).") var orders = "1,2,3,4,5"
    @Option(help: "Comma-separated task ids (with --data: task folder names): one stream in this order instead of --orders.")
    var tasks: String?
    @Option(help: "Learning jobs run at once (one core each).") var jobs = 2
    @Option(help: "Also write the figures into this folder (e.g. figures).") var figures: String?
    @Flag(help: "Leave CoNLL03, CoNLL04, CASIE and 15res out of every stream (chapter 7's novel tasks), as the main job does.")
    var holdOutNovel = false
    @OptionGroup var flags: ExperimentFlags
    @OptionGroup var grid: GridFlags

    func validate() throws {
        _ = try parseMethods(methods)
        _ = try parseOrders(orders)
        if let tasks { _ = try flags.parseTasks(tasks) }
        try check(jobs, "--jobs", in: 1...Limits.jobs)
        try checkOutputFolder(output, "--output")
        try checkOutputFolder(figures, "--figures")
    }

    /// One stream of the table: a task order (label "1" …) or the --tasks list (label "tasks").
    struct TableStream {
        let label: String, arguments: [String], ids: [String]
        var title: String { label == "tasks" ? "the --tasks stream" : "order \(label)" }
    }

    func streams() throws -> [TableStream] {
        if let tasks {
            let ids = try flags.parseTasks(tasks)
            return [TableStream(label: "tasks", arguments: ["--tasks", ids.joined(separator: ",")], ids: ids)]
        }
        return try parseOrders(orders).map { n in
            TableStream(label: "\(n)", arguments: ["--order", "\(n)"] + (holdOutNovel ? ["--hold-out-novel"] : []),
                        ids: ContinualJob.stream(order: n, holdOutNovel: holdOutNovel))
        }
    }

    func run() throws {
        let start = Date()
        let folder = grid.folder(output: output)
        if grid.plan == nil { try OutputFolder.claim(folder) }
        let methods = try parseMethods(methods), streams = try streams()
        try flags.checkData(Array(Set(streams.flatMap(\.ids))).sorted())
        var childJobs: [ChildJob] = []
        for method in methods {
            for stream in method.isOrderFree ? [streams[0]] : streams {
                let name = "\(method.rawValue)-\(stream.label)"
                childJobs.append(ChildJob(name: name, arguments: ["--method", method.rawValue] + stream.arguments + flags.arguments,
                                          folder: folder.appendingPathComponent(name)))
            }
        }
        say("\(childJobs.count) jobs, \(jobs) at a time: \(childJobs.map(\.name).joined(separator: ", "))")
        guard try grid.runOrPlan(childJobs, parallel: jobs, name: "table1") else { return }
        let results = try childJobs.map { try ContinualResult.load($0.folder.appendingPathComponent("result.json")) }
        try checkSettings(results, childJobs)
        // Rows and columns in the benchmark's order for the task orders, in the given order for --tasks.
        let ids = tasks != nil ? streams[0].ids : Benchmark.tasks.map(\.id).filter(Set(streams[0].ids).contains)
        let initial = try backboneScores(taskIDs: ids, options: flags.options, backbone: flags.backboneURL,
                                         cache: folder.appendingPathComponent("backbone-scores.json"), data: flags.taskSource)
        let individual = results.first { $0.method == .individual }.map { r in
            Dictionary(uniqueKeysWithValues: zip(r.tasks, r.matrix?.justLearned ?? []))
        }
        let table = ContinualTables.table1(results, initial: initial, individual: individual)
        let heading = tasks != nil ? "Table 1 over one stream of \(ids.count) tasks (\(ids.joined(separator: ", ")))"
            : "Miniature Table 1: \(streams.count) order(s) (\(streams.map(\.label).joined(separator: ","))), \(ids.count) tasks"
              + (holdOutNovel ? " (novel tasks held out)" : "") + "; mean ± spread over orders"
        var text = [heading, "", table, "", "Paper (T5-large UIE, 5 orders): see chapter 6.", ""]
        // The LPT and fine-tuning jobs of the first stream, for the figures.
        let first = { (m: ContinualMethod) in zip(childJobs, results).first { $0.1.method == m && $0.0.name == "\(m.rawValue)-\(streams[0].label)" } }
        let lptFolders = zip(childJobs, results).filter { $0.1.method == .lpt }.map(\.0.folder)
        if let overlap = try maskOverlap(lptFolders: lptFolders, ids: ids) {
            text += ["LPT task-wise mask overlap (Jaccard, mean over orders):", "", overlap.table, ""]
            if let figures { try FigureFile.write(overlap.heatmap.svg(), to: URL(fileURLWithPath: figures).appendingPathComponent("06-mask-overlap.svg")) }
        }
        if let figures, let (lptJob, lpt) = first(.lpt), let m = lpt.matrix, let ft = first(.fineTuning)?.1.matrix {
            let dir = URL(fileURLWithPath: figures), stream = streams[0]
            try FigureFile.write(ContinualTables.heatmap(m, title: "LPT, \(stream.title): test F1 after each task").svg(), to: dir.appendingPathComponent("06-accuracy-lpt.svg"))
            try FigureFile.write(ContinualTables.heatmap(ft, title: "Fine-tuning, \(stream.title): test F1 after each task").svg(), to: dir.appendingPathComponent("06-accuracy-fine-tuning.svg"))
            let learner = try loadLotteryLearner(jobFolder: lptJob.folder, backbone: flags.backboneURL, options: flags.options)
            let reuse = MaskReuse(masks: learner.lottery.masks)
            let title = String(format: "LPT %@: where each task's mask comes from (free after the last task: %.0f%%)", stream.title, 100 * reuse.freeCapacity)
            try FigureFile.write(reuse.heatmap(title: title).svg(), to: dir.appendingPathComponent("06-mask-reuse.svg"))
        }
        try FigureFile.write(text.joined(separator: "\n"), to: folder.appendingPathComponent("table1.md"))
        print(text.joined(separator: "\n"))
        print(String(format: "[time] %.0f s wall clock for %d jobs", Date().timeIntervalSince(start), childJobs.count))
    }

    /// Every job ran with this command's options (after a plan, --collect must be given the
    /// plan's flags: the table is labelled with them and LPT's masks are loaded with them).
    func checkSettings(_ results: [ContinualResult], _ jobs: [ChildJob]) throws {
        for (result, job) in zip(results, jobs) {
            let changes = JobSettings.optionDifferences(saved: result.options, now: flags.options, method: result.method)
            if !changes.isEmpty { throw ContinualError.settingsChanged(path: job.folder.path, differences: changes) }
        }
    }

    /// Jaccard overlap of LPT's masks between every pair of tasks (by task id, so orders align),
    /// averaged over the LPT runs.
    func maskOverlap(lptFolders runs: [URL], ids: [String]) throws -> (table: String, heatmap: Heatmap)? {
        guard !runs.isEmpty else { return nil }
        var sum = [[Double]](repeating: [Double](repeating: 0, count: ids.count), count: ids.count)
        var count = sum
        for run in runs {
            let learner = try loadLotteryLearner(jobFolder: run, backbone: flags.backboneURL, options: flags.options)
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
