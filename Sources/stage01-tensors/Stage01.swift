// stage01-tensors: chapter 1's executable. Shows broadcasting and backward on a tiny example,
// checks every operation's gradient against finite differences, trains a small network on a
// 2-D toy problem, and draws the computation graph (DOT + SVG through libgvc).

import ArgumentParser
import CommandSupport
import Diagrams
import ExerciseSupport
import Exercises01
import Foundation
import Tensors

@main
struct Stage01: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage01-tensors",
        abstract: "Stage 1: tensors and reverse-mode autodiff on OpenBLAS.",
        discussion: """
            With no flags, runs --demo, --gradcheck and --train. Chapter 1 shows each output. \
            --mine trains the same network with your code: the softplus you write in exercise 1.3 \
            (exercises/Stubs/Ch01/Ex1_3_Softplus.swift) becomes its activation, after a gradient check.
            Example: swift run -c release stage01-tensors --figures figures
            """)

    @Flag(help: "Print a small broadcasting-and-backward example.")
    var demo = false

    @Flag(help: "Print the gradient-check table: every op against central differences.")
    var gradcheck = false

    @Flag(help: "Train an MLP on the two-moons toy problem and print its loss curve.")
    var train = false

    @Flag(help: "Train the network with your softplus from exercise 1.3 as its activation (checked first).")
    var mine = false

    @Option(help: "Training steps for --train and --mine.")
    var steps = 300

    @Option(help: "Write figures (computation graph DOT/SVG, toy loss curve SVG) to this folder.")
    var figures: String?

    func validate() throws {
        // The loss curve keeps one record per step: the bound keeps a typo from filling memory.
        guard (1...100_000).contains(steps) else { throw ValidationError("--steps must be between 1 and 100,000, got \(steps)") }
        try checkPath(figures, "--figures")
    }

    /// Like `main()`, but a file-system error prints as one line naming the path and the cause.
    static func main() { mainWithReadableErrors() }

    mutating func run() throws {
        let all = !demo && !gradcheck && !train && !mine && figures == nil
        if demo || all {
            print("== broadcasting and backward ==")
            print(StageOneReport.demo())
        }
        if gradcheck || all {
            print("\n== gradient check ==")
            let (table, passed) = StageOneReport.gradientCheckTable()
            print(table)
            if !passed { throw ExitCode.failure }
        }
        var records: [TrainingRecord] = []
        if train || all || figures != nil {
            let data = TwoMoons(count: 200, seed: 1)
            let model = MLP(widths: [2, 16, 16, 2], seed: 2)
            records = try trainClassifier(model, inputs: data.inputs, labels: data.labels, steps: steps)
            if train || all {
                print("\n== MLP 2-16-16-2 on two moons (200 points, full-batch Adam, lr 0.03) ==")
                print(StageOneReport.trainingLog(records))
            }
        }
        if mine { try trainWithYourSoftplus() }
        if let figures {
            let folder = URL(fileURLWithPath: figures)
            let graph = chapterOneExampleGraph().computationGraphDOT()
            try GraphvizRenderer().writeFigure(dot: graph, to: folder.appendingPathComponent("01-computation-graph"))
            let plot = LinePlot(title: "Two moons: training loss", xLabel: "step", yLabel: "cross-entropy",
                                series: [.init(name: "MLP 2-16-16-2", xs: records.map { Double($0.step) },
                                               ys: records.map { Double($0.loss) })], logY: true)
            try FigureFile.write(plot.svg(), to: folder.appendingPathComponent("01-toy-loss.svg"))
            print("wrote \(figures)/01-computation-graph.dot, .svg and 01-toy-loss.svg")
        }
    }

    /// `--mine`: the learner's softplus must exist and pass the gradient check before it trains
    /// anything; then the network of --train learns two moons with it instead of tanh.
    func trainWithYourSoftplus() throws {
        let file = "exercises/Stubs/Ch01/Ex1_3_Softplus.swift"
        print("\n== your code: softplus from exercise 1.3 (\(file)) ==")
        let probe = Tensor([-30, -2, -0.5, 0, 0.5, 2, 30, 100], shape: [2, 4])
        let check: GradientCheckResult
        do {
            check = try GradientCheck.check([probe]) { try softplus(probe).sum() }
        } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 1.3`, then `lpt check 1.3`)")
            throw ExitCode.failure
        }
        let values = try withNoGrad { try softplus(probe) }.data
        let expected = probe.data.map { Double($0) }.map { max($0, 0) + Foundation.log(1 + Foundation.exp(-abs($0))) }
        let valueError = zip(values, expected).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? .nan
        let passed = check.maxRelativeError <= GradientCheck.defaultTolerance && valueError <= 1e-5
        print(String(format: "values at -30 … 100: largest relative error %.1e; gradient against central differences: %.1e (%@)",
                     valueError, Double(check.maxRelativeError), passed ? "passes" : "FAILS"))
        guard passed else {
            print("your softplus is not right yet, so it trains nothing: `lpt check 1.3` shows where")
            throw ExitCode.failure
        }
        let data = TwoMoons(count: 200, seed: 1)
        let model = MLP(widths: [2, 16, 16, 2], seed: 2, activation: { try softplus($0) })
        let records = try trainClassifier(model, inputs: data.inputs, labels: data.labels, steps: steps)
        print("\n== MLP 2-16-16-2 with YOUR softplus between the layers, on two moons (200 points, full-batch Adam, lr 0.03) ==")
        print(StageOneReport.trainingLog(records))
    }
}
