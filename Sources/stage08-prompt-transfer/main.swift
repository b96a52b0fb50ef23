// stage08-prompt-transfer: chapter 8's executable, a small prompt-transferability study that
// finishes in minutes. It trains one deep prompt per task, crosses every prompt with every
// task (zero-shot, relative to the target's own prompt), computes the transferability
// indicators and their rank correlation with transfer, and trains two targets from four starts.
// The full 13 × 13 study at the main job's per-task budget is `lpt transfer`. Tables go to
// stdout; progress and timings to stderr, apart from the final [time] line.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import ExerciseSupport
import Exercises08
import Foundation
import PromptTransfer
import SEL

struct Stage08: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage08-prompt-transfer",
        abstract: "Stage 8: how well a task's soft prompt transfers to other tasks, and what predicts it.",
        discussion: """
            Small settings by default (six tasks, two of each of three types; 300 training sentences; \
            8 epochs), so the whole study takes minutes on two cores. Everything is kept in --output and a \
            rerun with the same flags resumes (or just reprints). The full study is `lpt transfer`. \
            --mine computes the correlation table with your Spearman's rho from exercise 8.3. \
            Example: swift run -c release stage08-prompt-transfer --figures figures
            """)

    @Option(help: "Comma-separated task ids: each is a source and a target.") var tasks = "ace04,conll03,conll04,nyt,14lap,14res"
    @Option(help: "Comma-separated targets of the initialisation experiment (a subset of --tasks; empty for none).")
    var initTargets = "conll03,14res"
    @Option(help: "Training sentences per task.") var train = 300
    @Option(help: "Epochs per prompt, for every task type.") var epochs = 8
    @Option(help: "Dev sentences scored after each epoch.") var devLimit = 50
    @Option(help: "Test sentences per cell of the transfer matrix.") var testLimit = 100
    @Option(help: "Folder for the resumable study (prompts, matrix, curves).") var output = "out/stage08"
    @Option(help: "Also write 08-transfer-matrix.svg and 08-init-curves.svg into this folder.") var figures: String?
    @Option(help: "Backbone checkpoint folder (default: the shipped tiny-UIE).") var backbone: String?
    @Flag(help: "Compute the correlation table with your spearmanRho from exercise 8.3 (checked against the library's first).")
    var mine = false

    static func main() { mainWithReadableErrors() }

    func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    var options: TransferOptions {
        var experiment = ExperimentOptions()
        (experiment.trainSize, experiment.devLimit, experiment.testLimit) = (train, devLimit, testLimit)
        (experiment.promptEpochs, experiment.promptEpochsByKind) = (epochs, [:])
        return TransferOptions(tasks: list(tasks), initTargets: list(initTargets), experiment: experiment)
    }

    func validate() throws {
        try check(train, "--train", in: 1...100_000)
        try check(epochs, "--epochs", in: 1...1_000)
        try check(devLimit, "--dev-limit", in: 1...100_000)
        try check(testLimit, "--test-limit", in: 1...100_000)
        for (flag, value) in [("--output", output), ("--figures", figures), ("--backbone", backbone)] { try checkPath(value, flag) }
        guard !list(tasks).isEmpty else { throw ValidationError("--tasks must list at least two tasks") }
        do { try options.validate() } catch let error as TransferError { throw ValidationError(error.description) }
    }

    func run() throws {
        let clock = Date()
        if mine { try checkYourSpearman() }
        let study = try TransferStudy(options: options, backbone: backbone.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder,
                                      folder: URL(fileURLWithPath: output))
        let result = try study.run { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        print("\(options.tasks.count) tasks, one deep prompt each (length \(options.experiment.promptLength)); \(train) training sentences, "
            + "\(epochs) epochs, Adam \(options.experiment.promptLearningRate); dev \(devLimit), test \(testLimit) sentences per cell")
        print("\n## Each task's own prompt\n\n" + result.promptTable)
        print("\n## Zero-shot transfer: F1 relative to the target's own prompt (%)\n\n" + result.matrixTable)
        let correlations = mine ? try result.correlationTable { try spearmanRho($0, $1) } : result.correlationTable
        print("\n## Which indicator ranks sources like transfer does (Spearman's ρ\(mine ? ", yours" : ""))\n\n" + correlations)
        if !result.curves.isEmpty { print("\n## Transfer as initialisation\n\n" + result.initTable) }
        if let figures {
            let folder = URL(fileURLWithPath: figures)
            try FigureFile.write(result.heatmap.svg(), to: folder.appendingPathComponent("08-transfer-matrix.svg"))
            if !result.curves.isEmpty { try FigureFile.write(result.curveFigure, to: folder.appendingPathComponent("08-init-curves.svg")) }
            print("\nwrote \(figures)/08-transfer-matrix.svg" + (result.curves.isEmpty ? "" : " and 08-init-curves.svg"))
        }
        print(String(format: "[time] %.0f s", Date().timeIntervalSince(clock)))
    }

    /// `--mine`: the learner's ρ must exist and agree with the library's on awkward samples (ties,
    /// NaN, constant sides, two pairs) before it fills the correlation table.
    func checkYourSpearman() throws {
        let file = "exercises/Stubs/Ch08/Ex8_3_SpearmanRho.swift"
        print("== your code: Spearman's rho from exercise 8.3 (\(file)) ==")
        let cases: [([Double], [Double])] = [([1, 2, 2, 3], [1, 3, 2, 4]), ([1, 1, 2, 2], [1, 2, 1, 2]), ([1, .nan, 3, 4], [1, 2, 3, 4]),
                                             ([5, 5, 5], [1, 2, 3]), ([0.3, 0.1], [2, 9]), ([0.5, 0.5, 0.25, 1, 0.5], [3, 1, 1, 2, 2])]
        do {
            for (x, y) in cases {
                let (yours, library) = (try spearmanRho(x, y), spearman(x, y))
                guard yours == library || (yours != nil && library != nil && abs(yours! - library!) < 1e-9) else {
                    print("your rho of \(x) and \(y) is \(yours.map { "\($0)" } ?? "nil"), the library's \(library.map { "\($0)" } ?? "nil"): `lpt check 8.3` shows where")
                    throw ExitCode.failure
                }
            }
        } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 8.3`, then `lpt check 8.3`)")
            throw ExitCode.failure
        }
        print("it agrees with the library's on \(cases.count) samples (ties, NaN, constant sides); it computes the correlation table below")
    }
}

Stage08.main()
