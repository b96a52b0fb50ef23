// `lpt run`: the main job, end to end on the kit's embedded defaults, writing a report.
// Today it runs stage 1 (gradient checks, a trained toy network, figures); later stages extend it
// into the whole LPT pipeline.

import ArgumentParser
import Diagrams
import Foundation
import Tensors

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job end to end and write a Markdown report with its figures.",
        discussion: "Prints wall-clock time and peak memory at the end.")

    @Option(help: "Folder for report.md and figures/ (created if missing).")
    var output = "out"

    @Option(help: "Training steps for the toy network.")
    var steps = 300

    func run() throws {
        let start = Date()
        let folder = URL(fileURLWithPath: output)
        let figures = folder.appendingPathComponent("figures")
        var report = ["# LPT kit: main job report", ""]

        print("[1/3] gradient check of every stage-1 operation")
        let (table, passed) = StageOneReport.gradientCheckTable()
        print(table)
        report += ["## Stage 1: gradient check", "", "```text", table, "```", ""]

        print("\n[2/3] training an MLP on two moons")
        let data = TwoMoons(count: 200, seed: 1)
        let records = trainClassifier(MLP(widths: [2, 16, 16, 2], seed: 2), inputs: data.inputs,
                                      labels: data.labels, steps: steps)
        let log = StageOneReport.trainingLog(records)
        print(log)
        report += ["## Stage 1: toy training", "", "```text", log, "```", "", "![loss](figures/01-toy-loss.svg)", ""]

        print("\n[3/3] figures")
        let plot = LinePlot(title: "Two moons: training loss", xLabel: "step", yLabel: "cross-entropy",
                            series: [.init(name: "MLP 2-16-16-2", xs: records.map { Double($0.step) },
                                           ys: records.map { Double($0.loss) })], logY: true)
        try FigureFile.write(plot.svg(), to: figures.appendingPathComponent("01-toy-loss.svg"))
        try GraphvizRenderer().writeFigure(dot: chapterOneExampleGraph().computationGraphDOT(),
                                           to: figures.appendingPathComponent("01-computation-graph"))
        report += ["## Stage 1: computation graph", "", "![graph](figures/01-computation-graph.svg)", ""]
        try FigureFile.write(report.joined(separator: "\n"), to: folder.appendingPathComponent("report.md"))
        print("wrote \(output)/report.md and \(output)/figures/")

        print(String(format: "[time] %.1f s wall clock, peak memory %.0f MiB",
                     Date().timeIntervalSince(start), ResourceUsage.peakMemoryMiB))
        if !passed { throw ValidationError("a gradient check failed; see the table above") }
    }
}

/// Peak resident memory of this process, from getrusage (kilobytes on Linux, bytes on macOS).
enum ResourceUsage {
    static var peakMemoryMiB: Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }
}
