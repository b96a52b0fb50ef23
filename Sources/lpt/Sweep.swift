// `lpt sweep`: the paper's Figure 4 in miniature. LPT over one task order at several kept
// fractions (the paper varies the pruned ratio, 1 − keep): average F1 and the used prompt
// capacity |M_T|/P at the end of the stream, as a table and a plot.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "LPT at several kept fractions: average F1 and used capacity (the paper's Fig. 4; resumable).",
        discussion: """
            One `lpt learn --method lpt` job per --keeps value over --order, as child processes. \
            The paper's figure keeps the prompt's size fixed; pass --growth 0 to do the same (the \
            kit's capacity rule otherwise adds positions when the free share runs low). --plan FILE \
            and --collect DIR run the grid on a scheduler instead, as for lpt table1 (appendix B).
            Example: lpt sweep --keeps 0.1,0.3,0.5,0.7,0.9 --growth 0 --figures figures
            """)

    @Option(help: "Comma-separated kept fractions, each in (0, 1].") var keeps = "0.1,0.3,0.5,0.7,0.9"
    @Option(help: "The task order (1-5).") var order = 1
    @Option(help: "Folder for the jobs and sweep.md.") var output = "runs/sweep"
    @Option(help: "Jobs run at once (one core each).") var jobs = 2
    @Option(help: "Also write 06-sparsity.svg into this folder.") var figures: String?
    @OptionGroup var flags: ExperimentFlags
    @OptionGroup var grid: GridFlags

    func keepValues() throws -> [Double] {
        let items = parseList(keeps)
        try checkList(items, "--keeps")
        let values = try items.map {
            guard let k = Double($0), k.isFinite, k > 0, k <= 1 else { throw ValidationError("--keeps values must lie in (0, 1], got '\($0)'") }
            return k
        }
        // Two spellings of one value (0.3 and 0.30) would be two jobs in one folder.
        try checkList(values.map(Sweep.label), "--keeps")
        return values
    }

    /// A kept fraction as folder names and tables show it: two decimals when that is exact (the
    /// usual 0.10 … 0.90), otherwise every digit, so 0.3 and 0.301 never share a folder or a row.
    static func label(_ k: Double) -> String {
        let short = String(format: "%.2f", k)
        return Double(short) == k ? short : "\(k)"
    }

    /// 1 − keep with as many decimals as the keep's label (1 − 0.7 is not exactly 0.3 in binary).
    static func prunedLabel(_ k: Double) -> String {
        let decimals = label(k).split(separator: ".").last?.count ?? 2
        return String(format: "%.\(max(2, decimals))f", 1 - k)
    }

    func validate() throws {
        _ = try keepValues()
        guard (1...5).contains(order) else { throw ValidationError("--order must be 1-5, got \(order)") }
        try check(jobs, "--jobs", in: 1...Limits.jobs)
        try checkOutputFolder(output, "--output")
        try checkOutputFolder(figures, "--figures")
    }

    func run() throws {
        let start = Date()
        let folder = grid.folder(output: output), keeps = try keepValues()
        if grid.plan == nil { try OutputFolder.claim(folder) }
        try flags.checkData(ContinualJob.stream(order: order, holdOutNovel: false))
        let base = flags.arguments
        let childJobs = keeps.map { k -> ChildJob in
            // The shared flags carry --keep; the sweep's value replaces it.
            var arguments = base
            if let i = arguments.firstIndex(of: "--keep") { arguments[i + 1] = "\(k)" }
            return ChildJob(name: "lpt keep \(k)", arguments: ["--method", "lpt", "--order", "\(order)"] + arguments,
                            folder: folder.appendingPathComponent("keep-\(Sweep.label(k))"))
        }
        guard try grid.runOrPlan(childJobs, parallel: jobs, name: "sweep") else { return }
        let results = try childJobs.map { try ContinualResult.load($0.folder.appendingPathComponent("result.json")) }
        var lines = ["LPT over order \(order) (\(results.first?.tasks.count ?? 0) tasks) at each kept fraction; growth \(flags.growth)", "",
                     "| keep | pruned (paper's axis) | Average F1 | BWT | used capacity at the end | final prompt length |",
                     "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for (k, r) in zip(keeps, results) {
            lines.append(String(format: "| %@ | %@ | %.1f | %.2f | %.0f%% | %d |", Sweep.label(k), Sweep.prunedLabel(k), r.average, r.matrix?.backwardTransfer ?? 0,
                                100 * (r.usedCapacity?.last ?? 0), r.finalPromptLength ?? 0))
        }
        let text = lines.joined(separator: "\n")
        try FigureFile.write(text + "\n", to: folder.appendingPathComponent("sweep.md"))
        print(text)
        if let figures {
            // Two figures, not one with two lines: F1 moves by a few points and capacity by tens, and a
            // shared 0-100 axis would flatten the F1 line.
            let pruned = keeps.map { 1 - $0 }
            var f1 = LinePlot(title: "LPT, order \(order): Average F1 against the pruned share", xLabel: "pruned share 1 − keep",
                              yLabel: "Average F1", series: [.init(name: "Average F1", xs: pruned, ys: results.map(\.average))])
            f1.markers = true
            // Capacity after every task, one line per share: when the prompt fills matters more than
            // that it ends full (without growth every share ends at 100%).
            var capacity = LinePlot(title: "LPT, order \(order): used capacity after each task", xLabel: "tasks learned",
                                    yLabel: "|M_T| / P (%)", series: zip(keeps, results).map { keep, r in
                                        let used = r.usedCapacity ?? []
                                        return .init(name: "keep \(Sweep.label(keep))", xs: used.indices.map { Double($0 + 1) }, ys: used.map { 100 * $0 })
                                    })
            capacity.markers = true
            let dir = URL(fileURLWithPath: figures)
            try FigureFile.write(f1.svg(), to: dir.appendingPathComponent("06-sparsity.svg"))
            try FigureFile.write(capacity.svg(), to: dir.appendingPathComponent("06-sparsity-capacity.svg"))
            print("wrote \(figures)/06-sparsity.svg and 06-sparsity-capacity.svg")
        }
        print(String(format: "[time] %.0f s wall clock for %d jobs", Date().timeIntervalSince(start), childJobs.count))
    }
}
