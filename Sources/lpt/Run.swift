// `lpt run`: the main job (README's first command). On the shipped backbone and the generated
// benchmark it learns the paper's task order 1 with LPT and with sequential fine-tuning (the two
// ends: no forgetting and forgetting), side by side on the two cores, then scores the held-out
// novel tasks, and writes a Markdown report with tables and figures.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation
import LotteryMasks
import NovelTasks
import SEL

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job end to end and write a Markdown report with its figures.",
        discussion: """
            Learns the paper's task order (default 1) with each --methods entry, one child process \
            per method and order (at most --jobs at once), on the shipped tiny-UIE backbone. By default \
            the four novel tasks (CoNLL03, CoNLL04, CASIE, 15res) are held out of the stream, as in the \
            paper's section 4.3, and scored at the end (stage 7). Everything is saved in --output, so a \
            killed run resumes when the same command is given again. Prints wall-clock time and peak \
            memory at the end. Example: lpt run --output out
            """)

    @Option(help: "Folder for report.md, figures/ and the resumable runs/ (created if missing).")
    var output = "out"
    @Option(help: "Comma-separated methods (lpt, fine-tuning, ewc, er, adaptercl, c-pt, l2p, ...).")
    var methods = "lpt,fine-tuning"
    @Option(help: "Comma-separated task orders (1-5).") var orders = "1"
    @Flag(inversion: .prefixedNo, help: "Hold the four novel tasks out of the stream and score them at the end.")
    var holdOutNovel = true
    @Option(help: "Learning jobs run at once (one core each).") var jobs = 2
    @OptionGroup var novelFlags: NovelFlags
    @OptionGroup var flags: ExperimentFlags

    func validate() throws {
        _ = try streamMethods()
        _ = try parseOrders(orders)
        try check(jobs, "--jobs", in: 1...Limits.jobs)
        try checkOutputFolder(output, "--output")
    }

    /// The --methods that learn a stream: Individual and the multi-task bounds belong to
    /// `lpt table1` and `lpt table2`, and a run with none left would report nothing.
    func streamMethods() throws -> [ContinualMethod] {
        let stream = try parseMethods(methods).filter { !$0.isMultitask && $0 != .individual }
        guard !stream.isEmpty else {
            throw ValidationError("--methods names no method that learns a stream (individual and the multi-task bounds run in lpt table1 and table2)")
        }
        return stream
    }

    func run() throws {
        let start = Date()
        let folder = URL(fileURLWithPath: output)
        try OutputFolder.claim(folder)
        let figures = folder.appendingPathComponent("figures")
        let methods = try streamMethods()
        let orders = try parseOrders(orders)
        let options = flags.options

        say("[1/5] backbone and benchmark")
        let (model, _) = try Backbone.load(from: flags.backboneURL)
        let stream = ContinualJob.stream(order: orders[0], holdOutNovel: holdOutNovel)
        say("tiny-UIE backbone: \(model.parameterCount) parameters (checksums verified)")
        say("order \(orders[0]) stream (\(stream.count) tasks): \(stream.joined(separator: ", "))")
        let everyTask = Set(orders.flatMap { ContinualJob.stream(order: $0, holdOutNovel: holdOutNovel) } + (holdOutNovel ? Benchmark.novelTaskIDs : []))
        try flags.checkData(everyTask.sorted())
        say("per task: \(options.trainSize) training sentences, dev \(options.devLimit), test \(options.testLimit); "
            + "prompts \(options.promptEpochsText) (Adam \(options.promptLearningRate)), full fine-tuning \(options.fullEpochs) epochs (Adam \(options.fullLearningRate)); LPT keeps \(options.keepFraction), grows by \(options.growth); "
            + "\(options.microBatches ?? 1) micro-batches per batch")

        say("\n[2/5] learning the stream: \(methods.map(\.rawValue).joined(separator: ", ")) over order(s) \(orders.map(String.init).joined(separator: ","))"
            + (holdOutNovel ? ", then each method's novel tasks as soon as its stream is learned (stage 7)" : ""))
        let childJobs = methods.flatMap { method in orders.map { order in
            ChildJob(name: "\(method.rawValue) order \(order)",
                     arguments: ["--method", method.rawValue, "--order", "\(order)"] + (holdOutNovel ? ["--hold-out-novel"] : []) + flags.arguments,
                     folder: folder.appendingPathComponent("runs/\(method.rawValue)-\(order)"))
        } }
        // The novel tasks follow the first order's stream of each method; each starts when that
        // stream is learned, and so does the selector ablation on LPT's masks.
        let firstOrder = methods.indices.map { childJobs[$0 * orders.count] }
        let novelJobs = !holdOutNovel ? [] : zip(methods, firstOrder).map { method, learned in
            ChildJob(name: "\(method.rawValue) novel", arguments: ["--method", method.rawValue, "--stream", ChildJobs.relativePath(learned.folder)]
                     + novelFlags.arguments + flags.arguments, folder: learned.folder.appendingPathComponent("novel"), command: "novel",
                     after: [learned.name])
        }
        let lptStream = zip(methods, firstOrder).first { $0.0 == .lpt }?.1
        // The selector ablation reads the generated novel tasks only, so it is left out with --data.
        let selectorJobs = !holdOutNovel || flags.data != nil ? [] : lptStream.map { learned in
            [ChildJob(name: "lpt selectors", arguments: ["--stream", ChildJobs.relativePath(learned.folder), "--figures", ChildJobs.relativePath(figures)] + novelFlags.arguments
                        + (flags.backbone.map { ["--backbone", $0] } ?? []),
                      folder: learned.folder.appendingPathComponent("selectors"), command: "selectors", after: [learned.name])]
        } ?? []
        try ChildJobs.run(childJobs + novelJobs + selectorJobs, parallel: jobs)
        let results = try childJobs.map { try ContinualResult.load($0.folder.appendingPathComponent("result.json")) }
        let allIDs = Array(Set(results.flatMap(\.tasks))).sorted()
        say("scoring the untrained backbone on each task (GEM's forward-transfer baseline)")
        let initial = try backboneScores(taskIDs: allIDs, options: options, backbone: flags.backboneURL,
                                         cache: folder.appendingPathComponent("runs/backbone-scores.json"), data: flags.taskSource)

        var report = ["# LPT kit: main job report", "",
                      "Command: `lpt run \(CommandLine.arguments.dropFirst(2).joined(separator: " "))`", "",
                      "Backbone: shipped tiny-UIE, \(model.parameterCount) parameters. Stream (order \(orders[0])\(holdOutNovel ? ", novel tasks held out" : "")): \(stream.joined(separator: " → ")).", "",
                      "Per task: \(options.trainSize) training sentences, \(options.devLimit) dev sentences for model selection, \(options.testLimit) test sentences per matrix cell. Prompt methods: \(options.promptEpochsText); full fine-tuning: \(options.fullEpochs) epochs.", "",
                      "## Summary (Table 1 columns)", "", ContinualTables.table1(results, initial: initial, individual: nil), "",
                      "FWT (paper) needs Individual models: `lpt table1` trains them.", ""]
        say("\n" + ContinualTables.table1(results, initial: initial, individual: nil))

        say("\n[3/5] figures")
        for result in results {
            guard let matrix = result.matrix else { continue }
            let name = "06-accuracy-\(result.method.rawValue)-\(result.order ?? 0)"
            try FigureFile.write(ContinualTables.heatmap(matrix, title: "\(result.method.displayName), order \(result.order ?? 0): test F1 after each task").svg(),
                                 to: figures.appendingPathComponent("\(name).svg"))
            report += ["## \(result.method.displayName), order \(result.order ?? 0): accuracy matrix", "",
                       String(format: "Average %.1f, BWT %.2f, %.0f s of training and scoring.", result.average, result.matrix?.backwardTransfer ?? 0, result.seconds), "",
                       ContinualTables.matrix(matrix), "", "![accuracy matrix](figures/\(name).svg)", ""]
        }
        if let lpt = results.first(where: { $0.method == .lpt }) {
            let learner = try loadLotteryLearner(jobFolder: folder.appendingPathComponent("runs/lpt-\(lpt.order ?? 1)"),
                                                 backbone: flags.backboneURL, options: options)
            let reuse = MaskReuse(masks: learner.lottery.masks)
            let title = String(format: "LPT order %d: where each task's mask comes from (free after the last task: %.0f%%)", lpt.order ?? 1, 100 * reuse.freeCapacity)
            try FigureFile.write(reuse.heatmap(title: title).svg(), to: figures.appendingPathComponent("06-mask-reuse.svg"))
            let capacity = LinePlot(title: "LPT: used prompt capacity after each task", xLabel: "tasks learned", yLabel: "|M_k| / P",
                                    series: [.init(name: "used capacity", xs: (1...(lpt.usedCapacity ?? []).count).map(Double.init), ys: lpt.usedCapacity ?? [])])
            try FigureFile.write(capacity.svg(), to: figures.appendingPathComponent("06-capacity.svg"))
            report += ["## LPT: capacity and mask reuse", "",
                       "Expansions (task + positions added before it): \((lpt.expansions ?? []).joined(separator: ", ").ifEmpty("none")); final prompt length \(lpt.finalPromptLength ?? 0).", "",
                       "![capacity](figures/06-capacity.svg)", "", "![mask reuse](figures/06-mask-reuse.svg)", ""]
        }

        if holdOutNovel {
            say("\n[4/5] novel tasks: zero-shot and few-shot (\(novelFlags.shots) sentences per class), then the selector ablation")
            let novel = try novelJobs.map { try NovelTaskResult.load($0.folder.appendingPathComponent("novel.json")) }
            say("\n" + novelTable(novel))
            report += ["## Novel tasks (chapter 7)", "",
                       "Each method meets CoNLL03, CoNLL04, CASIE and 15res after its stream: zero-shot (no training on the task) and few-shot (\(novelFlags.shots) sentences per class, \(novelFlags.fewShotEpochs) epochs\(novelFlags.fewShotBatch > 0 ? " in batches of \(novelFlags.fewShotBatch)" : "")). LPT borrows the mask with the lowest gold perplexity on the few-shot sentences.", "",
                       novelTable(novel), ""]
            if let job = selectorJobs.first {
                let text = try SelectorsTable.load(from: job.folder)
                say("\n" + text)
                report += ["## Which mask should a novel task borrow?", "", text, "", "![selectors](figures/07-selectors.svg)", "", "![selector scores](figures/07-selector-scores.svg)", ""]
            }
        }

        say("\n[5/5] report")
        try FigureFile.write(report.joined(separator: "\n"), to: folder.appendingPathComponent("report.md"))
        say("wrote \(output)/report.md and \(output)/figures/")
        say(String(format: "[time] %.1f s wall clock; peak memory %.0f MiB (this process), %.0f MiB (largest learning job)",
                   Date().timeIntervalSince(start), ResourceUsage.peakMemoryMiB, ResourceUsage.peakChildMemoryMiB))
    }
}

extension String {
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}

/// Peak resident memory from getrusage (kilobytes on Linux, bytes on macOS): of this process, or
/// of the largest finished child process.
enum ResourceUsage {
    static var peakMemoryMiB: Double { peak(children: false) }
    static var peakChildMemoryMiB: Double { peak(children: true) }

    static func peak(children: Bool) -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
        #else
        getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }
}
