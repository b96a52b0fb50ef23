// stage09-token-prompts: chapter 9's executable. Builds a bank of prompt vectors on six source
// tasks, then prompts seven low-data target tasks six ways (plain prompts from scratch and from
// a multi-task start; token-wise prompts with the bank frozen, re-tuned, read at random, or read
// by a mean-pooled query) and prints the F1 table, what retrieval does, and the parameter
// accounting. Lines starting with [time] hold timings; everything else is deterministic.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import ExerciseSupport
import Foundation
import SEL
import SoftPrompts
import T5
import TokenPrompts

struct Stage09: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage09-token-prompts",
        abstract: "Stage 9: token-wise prompt tuning (TPT): a bank of prompt vectors, retrieved per example.",
        discussion: """
            First the source stage: a bank of --bank-size vectors and a shared task prompt of --task-length \
            positions train together on the union of the --sources tasks (mixed batches; each sentence reads \
            the --k bank slots whose vectors have the largest dot product with the max-pooled word embeddings \
            of its schema prompt and sentence, padding left out, in bank order, as input vectors before the \
            task prompt), and a plain prompt of k + task-length positions trains on the same union. Task \
            prompts and plain prompts are deep (a key/value prefix in every layer) unless --placement shallow. \
            Then every --targets task is trained with each of --arms and --seeds seeds, the best dev state kept \
            and scored on test:
              scratch          plain prompt, random start
              multitask-start  plain prompt, started from the multi-task plain prompt
              tpt-frozen       k retrieved slots + task prompt; the bank frozen
              tpt-tuned        the same, the bank trained again on the task (the official code's setting)
              tpt-random       frozen bank, k random slots per example instead of the top k
              tpt-mean         frozen bank, mean-pooled query (the bank itself was built with max-pooling)
            The defaults (6 sources × 300 sentences, 3 targets × 300, 8 epochs, 2 seeds, 300 test sentences) \
            take about ten minutes on one core; lpt tpt runs all seven targets.
            --mine builds the usage table from your code of exercise 9.3 \
            (exercises/Stubs/Ch09/Ex9_3_SlotUsage.swift), after it has matched the kit's.
            Example: swift run -c release stage09-token-prompts --targets scierc,14lap --seeds 1
            """)

    @Option(help: "Comma-separated source tasks the bank is built on.") var sources = TokenPromptOptions().sources.joined(separator: ",")
    @Option(help: "Comma-separated low-data target tasks (lpt tpt runs all seven: \(TokenPromptOptions().targets.joined(separator: ","))).")
    var targets = TokenPromptOptions.stageTargets.joined(separator: ",")
    @Option(help: "Comma-separated arms: \(TargetArm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var arms = TargetArm.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Training sentences per source task.") var sourceTrain = TokenPromptOptions().sourceTrain
    @Option(help: "Training sentences per target task.") var targetTrain = TokenPromptOptions().targetTrain
    @Option(help: "Dev sentences scored per task.") var devLimit = TokenPromptOptions().devLimit
    @Option(help: "Test sentences scored per task.") var testLimit = TokenPromptOptions().testLimit
    @Option(help: "Slots (prompt vectors) in the bank.") var bankSize = TokenPromptOptions().bankSize
    @Option(help: "Slots each example retrieves.") var k = TokenPromptOptions().retrieved
    @Option(help: "Positions of the task prompt after the retrieved slots.") var taskLength = TokenPromptOptions().taskPromptLength
    @Option(help: "Where the task prompt and the plain prompts sit: deep (a key/value prefix in every layer) or shallow (input vectors, as TPT). Retrieved slots are input vectors either way.")
    var placement = TokenPromptOptions().placement.rawValue
    @Flag(help: "Not TPT: subtract the sources' mean query before scoring the bank (the ablation of the chapter's retrieval finding).")
    var centredQuery = false
    @Option(help: "Epochs of the source stage.") var sourceEpochs = TokenPromptOptions().sourceEpochs
    @Option(help: "Epochs per target run.") var targetEpochs = TokenPromptOptions().targetEpochs
    @Option(help: "Score dev after every this many target epochs (and after the last).") var devEvery = TokenPromptOptions().devEvery
    @Option(help: "Adam's rate for the bank and every prompt.") var learningRate = TokenPromptOptions().learningRate
    @Option(help: "Target runs per arm (seeds 1...n).") var seeds = TokenPromptOptions().seeds
    @Option(help: "Backbone checkpoint folder (default: the shipped tiny-UIE).") var backbone: String?
    @Option(help: "Write the tasks × bank-slot usage heatmap (09-token-prompt-usage.svg, or -centred.svg with --centred-query) into this folder.") var figures: String?
    @Flag(help: "Build the usage table from your slot usage of exercise 9.3 (checked against the kit's first).") var mine = false

    static func main() { mainWithReadableErrors() }

    static func list(_ text: String, _ flag: String) throws -> [String] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ValidationError("\(flag) must list at least one entry") }
        return items
    }

    var options: TokenPromptOptions {
        get throws {
            var o = TokenPromptOptions()
            (o.sources, o.targets) = (try Stage09.list(sources, "--sources"), try Stage09.list(targets, "--targets"))
            o.arms = try Stage09.list(arms, "--arms").map { name in
                guard let arm = TargetArm(rawValue: name) else {
                    throw ValidationError("unknown arm '\(name)'; arms: \(TargetArm.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return arm
            }
            (o.sourceTrain, o.targetTrain, o.devLimit, o.testLimit) = (sourceTrain, targetTrain, devLimit, testLimit)
            (o.bankSize, o.retrieved, o.taskPromptLength) = (bankSize, k, taskLength)
            guard let where_ = PromptPlacement(rawValue: placement) else {
                throw ValidationError("--placement must be deep or shallow, not '\(placement)'")
            }
            o.placement = where_
            o.centredQuery = centredQuery
            (o.sourceEpochs, o.targetEpochs, o.devEvery, o.learningRate, o.seeds) = (sourceEpochs, targetEpochs, devEvery, learningRate, seeds)
            return o
        }
    }

    func validate() throws {
        for (flag, value, limit) in [("--source-train", sourceTrain, 100_000), ("--target-train", targetTrain, 100_000),
                                     ("--dev-limit", devLimit, 100_000), ("--test-limit", testLimit, 100_000),
                                     ("--bank-size", bankSize, 100_000), ("--k", k, 1_000), ("--task-length", taskLength, 1_000),
                                     ("--source-epochs", sourceEpochs, 1_000), ("--target-epochs", targetEpochs, 1_000),
                                     ("--dev-every", devEvery, 1_000), ("--seeds", seeds, 100)] {
            try check(value, flag, in: 1...limit)
        }
        try check(Double(learningRate), "--learning-rate", in: 0...100, openBelow: true)
        for (flag, value) in [("--backbone", backbone), ("--figures", figures)] { try checkPath(value, flag) }
        do { try options.validate() } catch let error as TokenPromptError { throw ValidationError(error.description) }
    }

    func run() throws {
        let options = try self.options
        if mine { try checkYourCode() }
        let (model, vocabulary) = try Backbone.load(from: backbone.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder)
        print("backbone: \(grouped(model.parameterCount)) parameters, frozen; bank of \(options.bankSize) slots, k = \(options.retrieved) "
              + "retrieved + \(options.taskPromptLength) \(options.placement.rawValue) task positions\(options.centredQuery ? "; centred queries" : ""); sources \(options.sources.joined(separator: ", ")) "
              + "(\(options.sourceTrain) sentences, \(options.sourceEpochs) epochs); targets \(options.targetTrain) sentences, "
              + "\(options.targetEpochs) epochs, \(options.seeds) seed(s); Adam \(options.learningRate), batch \(options.batchSize)")
        let result = try runTokenPromptExperiment(model: model, vocabulary: vocabulary, options: options) {
            print($0)
            fflush(nil)   // a line at a time, also into a log file
        }

        let usage = mine
            ? try RetrievalAnalysis.usageTable(result.slots, bankSize: options.bankSize, k: options.retrieved) {
                try yourUsage($0, bankSize: options.bankSize)
            } + "\n(counts and shares: your slot usage, exercise 9.3)"
            : RetrievalAnalysis.usageTable(result.slots, bankSize: options.bankSize, k: options.retrieved)
        print("\n" + TokenPromptTables.report(result, options: options, config: model.config,
                                              backboneParameters: model.parameterCount, usage: usage))
        if let figures {
            let folder = URL(fileURLWithPath: figures)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = options.centredQuery ? "09-token-prompt-usage-centred.svg" : "09-token-prompt-usage.svg"
            try FigureFile.write(RetrievalAnalysis.heatmap(result.slots, bankSize: options.bankSize, title: options.usageTitle).svg(), to: folder.appendingPathComponent(name))
            print("\nwrote \(figures)/\(name)")
        }
    }
}

Stage09.main()
