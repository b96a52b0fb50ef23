// `lpt transfer`: chapter 8's full prompt-transferability study (stage08-prompt-transfer runs it
// small). One deep prompt for each of the 13 tasks at the main job's per-task budget, the 13 × 13
// zero-shot transfer matrix, the indicators and their rank correlations, and five targets trained
// from four starts each. Resumable in --output; progress lines as it goes.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation
import PromptTransfer
import SEL

struct Transfer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prompt transferability (chapter 8): the 13 × 13 transfer matrix, its predictors, and transfer as initialisation (resumable).",
        discussion: """
            Trains one deep prompt per task with the main job's per-task budget (the prompt flags below; \
            the fine-tuning, LPT and adapter flags are ignored), scores every prompt on every task's test \
            split with the target's own schema prompt, computes the indicators (prompt cosine, Euclidean \
            distance, ON, chapter 7's neuron overlap) and their Spearman correlation with transfer, then \
            trains each --init-targets task from its best same-type source, its best other-type source, a \
            multi-task prompt (trained on the other tasks) and a random start. Rerunning the same command \
            resumes. Example: lpt transfer --figures figures
            """)

    @Option(help: "Comma-separated task ids, or all for the 13 benchmark tasks.") var tasks = "all"
    @Option(help: "Comma-separated targets of the initialisation experiment (a subset of --tasks).")
    var initTargets = "conll03,ace05-ent,conll04,casie,15res"
    @Option(help: "Dev sentences per task behind chapter 7's data-based neuron signatures.") var signatureExamples = 32
    @Option(help: "Folder for the resumable study.") var output = "out/transfer"
    @Option(help: "Also write 08-transfer-matrix-full.svg and 08-init-curves-full.svg into this folder.") var figures: String?
    @OptionGroup var flags: ExperimentFlags

    var options: TransferOptions {
        get throws {
            let ids = tasks.trimmingCharacters(in: .whitespaces) == "all" ? Benchmark.tasks.map(\.id) : try parseTasks(tasks).map { $0.lowercased() }
            var o = TransferOptions(tasks: ids, initTargets: parseList(initTargets).map { $0.lowercased() }, experiment: flags.options)
            o.signatureExamples = signatureExamples
            return o
        }
    }

    func validate() throws {
        try check(signatureExamples, "--signature-examples", in: 1...Limits.sentences)
        try checkOutputFolder(output, "--output")
        try checkOutputFolder(figures, "--figures")
        do { try options.validate() } catch let error as TransferError { throw ValidationError(error.description) }
    }

    func run() throws {
        let clock = Date()
        let options = try options
        say("prompt transfer over \(options.tasks.count) tasks: \(flags.train) training sentences per task, "
            + "\(flags.options.promptEpochsText), Adam \(flags.promptLearningRate); dev \(flags.devLimit), test \(flags.testLimit)")
        let study = try TransferStudy(options: options, backbone: flags.backboneURL, folder: URL(fileURLWithPath: output))
        let result = try study.run { say($0) }
        let text = ["## Each task's own prompt", "", result.promptTable, "",
                    "## Zero-shot transfer: F1 relative to the target's own prompt (%)", "", result.matrixTable, "",
                    "## Which indicator ranks sources like transfer does (Spearman's ρ)", "", result.correlationTable, "",
                    "## Transfer as initialisation", "", result.initTable, ""].joined(separator: "\n")
        try FigureFile.write(text, to: URL(fileURLWithPath: output).appendingPathComponent("transfer.md"))
        say("\n" + text)
        if let figures {
            let folder = URL(fileURLWithPath: figures)
            try FigureFile.write(result.heatmap.svg(), to: folder.appendingPathComponent("08-transfer-matrix-full.svg"))
            try FigureFile.write(result.curveFigure, to: folder.appendingPathComponent("08-init-curves-full.svg"))
            say("wrote \(figures)/08-transfer-matrix-full.svg and 08-init-curves-full.svg")
        }
        say("wrote \(output)/transfer.md")
        say(String(format: "[time] %.0f s wall clock", Date().timeIntervalSince(clock)))
    }
}
