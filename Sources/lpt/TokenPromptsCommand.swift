// `lpt tpt`: chapter 9's token-wise prompt experiment at full size (stage09-token-prompts runs it
// small): all seven targets, more seeds and more target sentences. Resumable in --output: the
// source stage and every finished target run are kept there, and a rerun picks up the rest.

import ArgumentParser
import CommandSupport
import Diagrams
import Foundation
import SEL
import SoftPrompts
import TokenPrompts

struct TokenPromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tpt",
        abstract: "Token-wise prompt tuning (chapter 9) at full size: a prompt bank built on six tasks, read per example on seven low-data targets (resumable).",
        discussion: """
            The experiment of stage09-token-prompts (see its --help for the six arms) on every target of \
            the chapter, with a third seed and 100 dev sentences for model selection (about an hour of one \
            core). \
            The source stage and each finished (target, arm, seed) run are saved in --output; rerunning \
            the same command resumes, and only --targets, --arms and --seeds may change between runs. \
            Example: lpt tpt --output out/tpt --figures figures
            """)

    @Option(help: "Comma-separated low-data target tasks.") var targets = TokenPromptOptions().targets.joined(separator: ",")
    @Option(help: "Comma-separated arms: \(TargetArm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var arms = TargetArm.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Target runs per arm (seeds 1...n).") var seeds = 3
    @Option(help: "Training sentences per target task.") var targetTrain = TokenPromptOptions().targetTrain
    @Option(help: "Epochs per target run.") var targetEpochs = TokenPromptOptions().targetEpochs
    @Option(help: "Dev sentences scored per task (model selection).") var devLimit = 100
    @Option(help: "Where the task prompt and the plain prompts sit: deep or shallow.") var placement = TokenPromptOptions().placement.rawValue
    @Flag(help: "Not TPT: subtract the sources' mean query before scoring the bank (chapter 9's retrieval ablation).")
    var centredQuery = false
    @Option(help: "Folder for the resumable study.") var output = "out/tpt"
    @Option(help: "Also write 09-token-prompt-usage-full.svg (-full-centred.svg with --centred-query) into this folder.") var figures: String?
    @Option(help: "Backbone checkpoint folder (default: the shipped tiny-UIE).") var backbone: String?

    var options: TokenPromptOptions {
        get throws {
            var o = TokenPromptOptions()
            o.targets = try parseTasks(targets, flag: "--targets").map { $0.lowercased() }
            let names = parseList(arms)
            try checkList(names, "--arms")
            o.arms = try names.map { name in
                guard let arm = TargetArm(rawValue: name) else {
                    throw ValidationError("--arms: unknown arm '\(name)'; arms: \(TargetArm.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return arm
            }
            guard let where_ = PromptPlacement(rawValue: placement) else { throw ValidationError("--placement must be deep or shallow, not '\(placement)'") }
            (o.seeds, o.targetTrain, o.targetEpochs, o.placement) = (seeds, targetTrain, targetEpochs, where_)
            (o.centredQuery, o.devLimit) = (centredQuery, devLimit)
            return o
        }
    }

    func validate() throws {
        try check(seeds, "--seeds", in: 1...100)
        try check(targetTrain, "--target-train", in: 1...Limits.sentences)
        try check(targetEpochs, "--target-epochs", in: 1...1_000)
        try check(devLimit, "--dev-limit", in: 1...Limits.sentences)
        try checkOutputFolder(output, "--output")
        try checkOutputFolder(figures, "--figures")
        try checkPath(backbone, "--backbone")
        do { try options.validate() } catch let error as TokenPromptError { throw ValidationError(error.description) }
    }

    func run() throws {
        let clock = Date()
        let options = try options
        let folderURL = backbone.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder
        let (model, vocabulary) = try Backbone.load(from: folderURL)
        let folder = try TokenPromptFolder(URL(fileURLWithPath: output), options: options,
                                           backbone: backbone == nil ? "shipped tiny-UIE" : folderURL.standardizedFileURL.path)
        say("token-wise prompts: bank of \(options.bankSize) slots, k = \(options.retrieved) retrieved + \(options.taskPromptLength) "
            + "\(options.placement.rawValue) task positions\(options.centredQuery ? "; centred queries" : ""); sources \(options.sources.joined(separator: ", ")) (\(options.sourceTrain) sentences, "
            + "\(options.sourceEpochs) epochs); targets \(options.targets.joined(separator: ", ")) (\(options.targetTrain) sentences, "
            + "\(options.targetEpochs) epochs, \(options.seeds) seeds); test \(options.testLimit)")
        let result = try runTokenPromptExperiment(model: model, vocabulary: vocabulary, options: options, folder: folder) { say($0) }
        let text = TokenPromptTables.report(result, options: options, config: model.config, backboneParameters: model.parameterCount,
                                            usage: RetrievalAnalysis.usageTable(result.slots, bankSize: options.bankSize, k: options.retrieved))
        try FigureFile.write(text, to: URL(fileURLWithPath: output).appendingPathComponent("tpt.md"))
        say("\n" + text)
        if let figures {
            let name = options.centredQuery ? "09-token-prompt-usage-full-centred.svg" : "09-token-prompt-usage-full.svg"
            try FigureFile.write(RetrievalAnalysis.heatmap(result.slots, bankSize: options.bankSize, title: options.usageTitle).svg(),
                                 to: URL(fileURLWithPath: figures).appendingPathComponent(name))
            say("wrote \(figures)/\(name)")
        }
        say("wrote \(output)/tpt.md")
        say(String(format: "[time] %.0f s wall clock", Date().timeIntervalSince(clock)))
    }
}
