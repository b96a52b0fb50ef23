// `lpt frontier`: Average F1 against the parameters a method adds to the backbone, one line per
// method, from finished `lpt learn` jobs (chapter 6). A method that scores higher only because it
// stores more is not better at continual learning; comparing methods at equal storage asks the
// question the paper's +Param column raises. Each method's line joins its jobs in order of size,
// so running one method at several capacities (`lpt sweep --keeps`, `--prompt-length`) draws its
// curve.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation
import LotteryMasks

struct Frontier: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Average F1 against added parameters for finished stream jobs, one line per method (table and figure).",
        discussion: """
            Each argument is the folder of a finished `lpt learn` job. The jobs must have learned the \
            same tasks in the same order. Added parameters are what the method stores beyond the \
            backbone after the whole stream (result.json's accounting), as a share of the backbone.
            Example: lpt frontier runs/t2/lpt-1 runs/sweep/keep-0.10 runs/t2/c-pt-1 --figure figures/06-frontier.svg
            """)

    @Argument(help: "Folders of finished lpt learn jobs.") var jobs: [String]
    @Option(help: "Write the figure (SVG) to this file.") var figure: String?

    func validate() throws {
        try checkList(jobs, "job folders")
        for job in jobs { try checkPath(job, "job folder") }
        try checkOutputFile(figure, "--figure")
    }

    /// One job's point: what it stores and how well it ends.
    struct Point {
        let folder: String
        let result: ContinualResult
        var addedPercent: Double { 100 * result.accounting.addedParameters / Double(max(1, result.backboneParameters)) }
        /// The settings that set a method's size, as a short label.
        var size: String {
            let o = result.options
            switch result.method {
            case .lpt: return "keep \(o.keepFraction), \(o.promptLength) → \(result.finalPromptLength ?? o.promptLength) positions"
            case .l2p:
                let pool = L2PLearner.savedPool(job: URL(fileURLWithPath: folder), tasks: result.tasks.count)
                return pool.map { "pool \($0.poolSize) × \($0.entryLength), top \($0.topN)" } ?? "pool"
            case .cpt, .individual, .multitaskPrompt: return "\(o.promptLength) positions"
            case .adapterCL, .multitaskAdapter: return "bottleneck \(o.adapterBottleneck)"
            default: return "-"
            }
        }
        /// The method, with any setting that changes how it learns rather than how much it stores
        /// (such jobs get a line of their own: joining them to the default's would mix two questions).
        var series: String {
            let o = result.options
            var variant: [String] = []
            switch result.method {
            case .cpt where o.cptFreshStart == true: variant.append("fresh starts")
            case .l2p where o.l2pDiversify == true: variant.append("diversified")
            case .lpt:
                if let rate = o.scoreLearningRate, rate != LotteryOptions().scoreLearningRate { variant.append("score rate \(rate)") }
                if let offset = o.ownedScoreOffset, offset != LotteryOptions().ownedScoreOffset { variant.append("offset \(offset)") }
            default: break
            }
            return result.method.rawValue + (variant.isEmpty ? "" : " (" + variant.joined(separator: ", ") + ")")
        }
    }

    func run() throws {
        let points = try jobs.map { folder -> Point in
            let url = URL(fileURLWithPath: folder).appendingPathComponent("result.json")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ValidationError("\(folder) holds no result.json: is it a finished lpt learn job?")
            }
            return Point(folder: folder, result: try ContinualResult.load(url))
        }
        let streams = Set(points.map { $0.result.tasks.joined(separator: ",") })
        guard streams.count == 1 else {
            throw ValidationError("the jobs learned different streams (\(streams.count)): compare jobs over the same tasks in the same order")
        }
        let byMethod = Dictionary(grouping: points, by: \.series)
        let methods = byMethod.keys.sorted()
        var lines = ["| method | size | job | added parameters (% of backbone) | Average F1 | BWT |",
                     "| --- | --- | --- | ---: | ---: | ---: |"]
        var plot = LinePlot(title: "Average F1 against stored parameters", xLabel: "parameters added to the backbone (% of it)",
                            yLabel: "Average F1 after the stream")
        plot.markers = true
        for method in methods {
            let sorted = byMethod[method]!.sorted { ($0.addedPercent, $0.folder) < ($1.addedPercent, $1.folder) }
            for p in sorted {
                let bwt = p.result.matrix.map { String(format: "%.1f", $0.backwardTransfer) } ?? "-"
                lines.append(String(format: "| %@ | %@ | %@ | %.2f | %.1f | %@ |", method, p.size, p.folder, p.addedPercent, p.result.average, bwt))
            }
            plot.add(.init(name: method, xs: sorted.map(\.addedPercent), ys: sorted.map(\.result.average)))
        }
        print("Stream: \(points[0].result.tasks.joined(separator: ", "))\n")
        print(lines.joined(separator: "\n"))
        printPoolUse(points.filter { $0.result.method == .l2p })
        if let figure {
            try FigureFile.write(plot.svg(), to: URL(fileURLWithPath: figure))
            print("\nwrote \(figure)")
        }
    }

    /// L2P shares its pool between tasks only if different tasks choose different entries: which
    /// entries each task's training batches chose, with their share of the task's examples.
    func printPoolUse(_ points: [Point]) {
        for p in points {
            guard let pool = L2PLearner.savedPool(job: URL(fileURLWithPath: p.folder), tasks: p.result.tasks.count) else { continue }
            print("\nL2P pool entries chosen in training, \(p.folder) (entry: share of the task's training examples):")
            for task in pool.counts {
                // Every training example (each epoch) uses topN entries: their count is the total / topN.
                let perExample = max(1, Double(task.counts.reduce(0, +)) / Double(pool.topN))
                let used = task.counts.indices.filter { task.counts[$0] > 0 }
                let text = used.map { String(format: "%d: %.0f%%", $0, 100 * Double(task.counts[$0]) / perExample) }
                print("  \(task.task): " + text.joined(separator: ", "))
            }
        }
    }
}
