// `lpt project`: chapter 8's cross-model transfer. A second backbone (another width, trained by
// `lpt backbone train --d-model 96 ...`) is the source model and the shipped tiny-UIE the target;
// a projector learns on one task and carries the prompts of held-out tasks across. Resumable.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation
import PromptTransfer
import SEL

struct Project: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cross-model prompt transfer (chapter 8): a projector from a second backbone's prompts to the shipped backbone's (resumable).",
        discussion: """
            Trains a deep prompt per task on both models at the main job's per-task budget, then the \
            projector (a row-wise MLP) by task tuning on --train-task through the frozen target model, \
            then projects every --held-out task's source prompt: its zero-shot F1 on the target model, \
            and dev curves of prompt tuning started from it and from random. Rerunning resumes. \
            Example: lpt project --second-backbone runs/second/tiny-uie --figures figures
            """)

    @Option(help: "The second backbone's folder (config.json, model.safetensors, vocabulary.txt, SHA256SUMS): the source model.")
    var secondBackbone: String
    @Option(help: "The task the projector is trained on.") var trainTask = "conll03"
    @Option(help: "Comma-separated tasks the projector never sees: projected zero-shot and as a start.")
    var heldOut = "ace04,ace05-ent,14res,conll04"
    @Option(help: "Hidden units of the projector.") var hidden = 256
    @Option(help: "Adam's learning rate for the projector.") var projectorLearningRate: Float = 0.003
    @Option(help: "Folder for the resumable study.") var output = "out/projector"
    @Option(help: "Also write 08-projector-curves.svg into this folder.") var figures: String?
    @Option(help: "An lpt transfer study folder (e.g. out/transfer) at the same budget: its prompts serve as the target model's, instead of training them again.")
    var transferStudy: String?
    @OptionGroup var flags: ExperimentFlags

    var options: ProjectorOptions {
        var o = ProjectorOptions(trainTask: trainTask.trimmingCharacters(in: .whitespaces).lowercased(),
                                 heldOut: parseList(heldOut).map { $0.lowercased() }, experiment: flags.options)
        (o.hidden, o.learningRate) = (hidden, projectorLearningRate)
        return o
    }

    func validate() throws {
        try checkPath(secondBackbone, "--second-backbone")
        try checkOutputFolder(output, "--output")
        try checkOutputFolder(figures, "--figures")
        try checkPath(transferStudy, "--transfer-study")
        do { try options.validate() } catch let error as TransferError { throw ValidationError(error.description) }
    }

    func run() throws {
        let clock = Date()
        var study = ProjectorStudy(folder: URL(fileURLWithPath: output), sourceBackbone: URL(fileURLWithPath: secondBackbone),
                                   targetBackbone: flags.backboneURL, options: options)
        study.transferStudy = transferStudy.map { URL(fileURLWithPath: $0) }
        say("cross-model transfer: prompts of \(secondBackbone) projected to the \(flags.backbone == nil ? "shipped tiny-UIE" : flags.backbone!); "
            + "\(flags.train) training sentences per task, \(flags.options.promptEpochsText); test \(flags.testLimit)")
        let result = try study.run { say($0) }
        let text = result.table
        try FigureFile.write(text + "\n", to: URL(fileURLWithPath: output).appendingPathComponent("projector.md"))
        say("\n" + text)
        if let figures {
            try FigureFile.write(result.curveFigure, to: URL(fileURLWithPath: figures).appendingPathComponent("08-projector-curves.svg"))
            say("wrote \(figures)/08-projector-curves.svg")
        }
        say("wrote \(output)/projector.md")
        say(String(format: "[time] %.0f s wall clock", Date().timeIntervalSince(clock)))
    }
}
