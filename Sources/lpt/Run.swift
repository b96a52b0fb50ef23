// `lpt run`: the main job, end to end on the kit's embedded defaults, writing a report.
// Today it runs stage 1 (gradient checks, a trained toy network, figures); later stages extend it
// into the whole LPT pipeline.

import ArgumentParser
import Diagrams
import Foundation
import T5
import Tensors

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job end to end and write a Markdown report with its figures.",
        discussion: "Prints wall-clock time and peak memory at the end.")

    @Option(help: "Folder for report.md and figures/ (created if missing).")
    var output = "out"

    @Option(help: "Training steps for the toy network.")
    var steps = 300

    @Option(help: "Span-corruption pretraining steps for the tiny T5 (0 skips stage 2).")
    var pretrainSteps = 300

    func run() throws {
        let start = Date()
        let folder = URL(fileURLWithPath: output)
        let figures = folder.appendingPathComponent("figures")
        var report = ["# LPT kit: main job report", ""]

        print("[1/4] gradient check of every stage-1 operation")
        let (table, passed) = StageOneReport.gradientCheckTable()
        print(table)
        report += ["## Stage 1: gradient check", "", "```text", table, "```", ""]

        print("\n[2/4] training an MLP on two moons")
        let data = TwoMoons(count: 200, seed: 1)
        let records = trainClassifier(MLP(widths: [2, 16, 16, 2], seed: 2), inputs: data.inputs,
                                      labels: data.labels, steps: steps)
        let log = StageOneReport.trainingLog(records)
        print(log)
        report += ["## Stage 1: toy training", "", "```text", log, "```", "", "![loss](figures/01-toy-loss.svg)", ""]

        print("\n[3/4] figures")
        let plot = LinePlot(title: "Two moons: training loss", xLabel: "step", yLabel: "cross-entropy",
                            series: [.init(name: "MLP 2-16-16-2", xs: records.map { Double($0.step) },
                                           ys: records.map { Double($0.loss) })], logY: true)
        try FigureFile.write(plot.svg(), to: figures.appendingPathComponent("01-toy-loss.svg"))
        try GraphvizRenderer().writeFigure(dot: chapterOneExampleGraph().computationGraphDOT(),
                                           to: figures.appendingPathComponent("01-computation-graph"))
        report += ["## Stage 1: computation graph", "", "![graph](figures/01-computation-graph.svg)", ""]
        if pretrainSteps > 0 { report += try pretrainT5(figures: figures) }
        try FigureFile.write(report.joined(separator: "\n"), to: folder.appendingPathComponent("report.md"))
        print("wrote \(output)/report.md and \(output)/figures/")

        print(String(format: "[time] %.1f s wall clock, peak memory %.0f MiB",
                     Date().timeIntervalSince(start), ResourceUsage.peakMemoryMiB))
        if !passed { throw ValidationError("a gradient check failed; see the table above") }
    }
}

extension Run {
    /// Stage 2: a short span-corruption pretraining of the tiny T5, its loss curve and diagram.
    func pretrainT5(figures: URL) throws -> [String] {
        print("\n[4/4] pretraining the tiny T5 with span corruption (\(pretrainSteps) steps)")
        let world = SyntheticWorld()
        let vocabulary = Vocabulary.kitDefault(world: world)
        var options = PretrainingOptions()
        options.steps = pretrainSteps
        options.warmupSteps = max(1, pretrainSteps / 10)
        let trainer = Pretrainer(config: .kitBackbone(vocabularySize: vocabulary.count), vocabulary: vocabulary,
                                 world: world, options: options)
        let progress = ProgressLine("pretraining", total: pretrainSteps)
        try trainer.run(checkpointFolder: nil) { step, loss in progress.update(step, detail: String(format: "loss %.3f", loss)) }
        let table = ([" step   loss"] + trainer.history.map { String(format: "%5d  %6.3f", $0.step, $0.loss) }).joined(separator: "\n")
        print(table)
        let plot = LinePlot(title: "Tiny T5 span-corruption pretraining", xLabel: "step", yLabel: "cross-entropy",
                            series: [.init(name: "training loss", xs: trainer.history.map { Double($0.step) },
                                           ys: trainer.history.map { Double($0.loss) })], logY: true)
        try FigureFile.write(plot.svg(), to: figures.appendingPathComponent("02-pretraining-loss.svg"))
        try GraphvizRenderer().writeFigure(dot: trainer.model.blockDiagramDOT(), to: figures.appendingPathComponent("02-t5-blocks"))
        return ["## Stage 2: tiny T5 pretraining (\(trainer.model.parameterCount) parameters)", "", "```text", table, "```", "",
                "![loss](figures/02-pretraining-loss.svg)", "", "![blocks](figures/02-t5-blocks.svg)", ""]
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
