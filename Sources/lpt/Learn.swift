// `lpt learn`: one continual method over one task stream, resumable, writing result.json. The
// building block of `lpt run` and `lpt table1`, which start several of these side by side.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation
import SEL

/// The experiment knobs shared by `learn`, `run` and `table1`.
struct ExperimentFlags: ParsableArguments {
    @Option(help: "Training sentences per task.") var train = ExperimentOptions().trainSize
    @Option(help: "Dev sentences scored after each epoch (model selection).") var devLimit = ExperimentOptions().devLimit
    @Option(help: "Test sentences scored per task in every row of the accuracy matrix.") var testLimit = ExperimentOptions().testLimit
    @Option(help: "Epochs per task for prompt and adapter methods.") var promptEpochs = ExperimentOptions().promptEpochs
    @Option(help: "Epochs per task for methods that train every weight.") var fullEpochs = ExperimentOptions().fullEpochs
    @Option(help: "LPT: share of prompt entries each task keeps (the paper's c = 0.7 is the share pruned).") var keep = ExperimentOptions().keepFraction
    @Option(help: "LPT: prompt positions added when the free share falls below --keep.") var growth = ExperimentOptions().growth
    @Option(help: "Prompt positions of the deep prompts (LPT's shared prompt, C-PT's per-task prompts).") var promptLength = ExperimentOptions().promptLength
    @Option(help: "LPT: Adam's learning rate for the mask scores (default 0.1).") var scoreLearningRate: Float?
    @Option(help: "LPT: subtracted from the starting scores of entries earlier tasks own, so a task starts on free entries and takes a frozen one only when its gradient keeps pushing it up (0 turns it off).")
    var ownedScoreOffset: Float = ExperimentOptions().ownedScoreOffset ?? 10
    @Option(help: "Adam's learning rate for prompt values (LPT, C-PT, L2P, prompt baselines).") var promptLearningRate = ExperimentOptions().promptLearningRate
    @Option(help: "Prompt and adapter methods: epochs for tasks of a type, replacing --prompt-epochs for them (entity, relation, event, absa or NER, RE, EE, ABSA; 'none' for no exception).")
    var promptEpochsByType = ExperimentFlags.text(of: ExperimentOptions().promptEpochsByKind ?? [:])
    @Option(help: "Micro-batches of similar length per training batch: the same loss and gradient with less padding (1: one pass per batch, slower).") var microBatches = ExperimentOptions().microBatches ?? 1
    @Option(help: "Backbone checkpoint folder (default: the shipped tiny-UIE).") var backbone: String?
    @Flag(help: "L2P: while a task trains, penalise the pool entries earlier tasks used (L2P's diversified selection).") var l2pDiversify = false
    @Option(help: "L2P: entries in the prompt pool (default 10; each input chooses 4).") var l2pPoolSize: Int?
    @Flag(help: "C-PT: start every task's prompt from the same random values instead of the previous task's (an ablation).") var cptFreshStart = false
    @Option(help: ArgumentHelp("Read every task from DIR/<task>/ in UIE's layout instead of generating the benchmark.",
                               discussion: "Each task folder holds train.json, val.json, test.json, record.schema, entity.schema, relation.schema and event.schema (what `lpt benchmark --output DIR` writes); the task type comes from the schema files, and --tasks (or the task order's ids) name the folders. The first --train, --dev-limit and --test-limit sentences of each split are used.",
                               valueName: "DIR")) var data: String?
    @Option(help: "With --data: refuse a task when more than this share of its words (or any word of its labels) is missing from the backbone's vocabulary; 1 accepts every task.")
    var maxUnknown = 0.05

    func validate() throws {
        try check(train, "--train", in: 1...Limits.sentences)
        try check(devLimit, "--dev-limit", in: 1...Limits.sentences)
        try check(testLimit, "--test-limit", in: 1...Limits.sentences)
        try check(promptEpochs, "--prompt-epochs", in: 1...Limits.epochs)
        try check(fullEpochs, "--full-epochs", in: 1...Limits.epochs)
        try check(growth, "--growth", in: 0...Limits.promptGrowth)
        try check(promptLength, "--prompt-length", in: 1...Limits.promptLength)
        try check(microBatches, "--micro-batches", in: 1...64)
        if let l2pPoolSize { try check(l2pPoolSize, "--l2p-pool-size", in: 4...256) }
        _ = try epochsByKind()
        if let scoreLearningRate { try check(Double(scoreLearningRate), "--score-learning-rate", in: 0...10, openBelow: true) }
        try check(Double(promptLearningRate), "--prompt-learning-rate", in: 0...10, openBelow: true)
        try check(Double(ownedScoreOffset), "--owned-score-offset", in: 0...100)
        guard keep.isFinite, keep > 0, keep <= 1 else { throw ValidationError("--keep must be in (0, 1], got \(keep)") }
        try checkPath(backbone, "--backbone")
        try checkDataFolder()
        if let backbone, !FileManager.default.fileExists(atPath: URL(fileURLWithPath: backbone).appendingPathComponent("config.json").path) {
            throw ValidationError("--backbone \(backbone) holds no config.json (a checkpoint folder from lpt backbone train)")
        }
    }

    var options: ExperimentOptions {
        var o = ExperimentOptions()
        (o.trainSize, o.devLimit, o.testLimit) = (train, devLimit, testLimit)
        (o.promptEpochs, o.fullEpochs, o.keepFraction, o.growth) = (promptEpochs, fullEpochs, keep, growth)
        (o.promptLength, o.scoreLearningRate, o.promptLearningRate) = (promptLength, scoreLearningRate, promptLearningRate)
        o.ownedScoreOffset = ownedScoreOffset
        o.microBatches = microBatches
        o.l2pDiversify = l2pDiversify ? true : nil
        o.cptFreshStart = cptFreshStart ? true : nil
        o.l2pPoolSize = l2pPoolSize
        o.promptEpochsByKind = (try? epochsByKind()) ?? o.promptEpochsByKind   // validate() has checked it
        return o
    }

    /// ExperimentOptions' per-kind epochs as --prompt-epochs-by-type takes them ("event=20,relation=20").
    static func text(of table: [String: Int]) -> String {
        table.isEmpty ? "none" : table.keys.sorted().map { "\($0)=\(table[$0]!)" }.joined(separator: ",")
    }

    /// --prompt-epochs-by-type as ExperimentOptions keeps it: kind raw value → epochs.
    func epochsByKind() throws -> [String: Int] {
        let text = promptEpochsByType.trimmingCharacters(in: .whitespaces)
        guard text.lowercased() != "none" else { return [:] }
        var table: [String: Int] = [:]
        for item in parseList(text) {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let epochs = Int(parts[1]) else {
                throw ValidationError("--prompt-epochs-by-type: '\(item)' is not TYPE=EPOCHS (e.g. event=20)")
            }
            guard let kind = TaskKind.allCases.first(where: { $0.rawValue == parts[0].lowercased() || $0.shortName == parts[0].uppercased() }) else {
                throw ValidationError("--prompt-epochs-by-type: unknown task type '\(parts[0])' (entity, relation, event, absa or NER, RE, EE, ABSA)")
            }
            guard table[kind.rawValue] == nil else { throw ValidationError("--prompt-epochs-by-type names \(kind.rawValue) twice") }
            try check(epochs, "--prompt-epochs-by-type \(kind.rawValue)", in: 1...Limits.epochs)
            table[kind.rawValue] = epochs
        }
        guard !table.isEmpty else { throw ValidationError("--prompt-epochs-by-type must list TYPE=EPOCHS pairs, or be 'none'") }
        return table
    }

    var backboneURL: URL { backbone.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder }

    /// The same flags as command-line arguments, for child processes.
    var arguments: [String] {
        ["--train", "\(train)", "--dev-limit", "\(devLimit)", "--test-limit", "\(testLimit)", "--prompt-epochs", "\(promptEpochs)",
         "--full-epochs", "\(fullEpochs)", "--keep", "\(keep)", "--growth", "\(growth)", "--prompt-length", "\(promptLength)",
         "--prompt-learning-rate", "\(promptLearningRate)"]
            + (scoreLearningRate.map { ["--score-learning-rate", "\($0)"] } ?? [])
            + ["--owned-score-offset", "\(ownedScoreOffset)", "--micro-batches", "\(microBatches)", "--prompt-epochs-by-type", promptEpochsByType]
            + (backbone.map { ["--backbone", $0] } ?? [])
            + (l2pDiversify ? ["--l2p-diversify"] : [])
            + (cptFreshStart ? ["--cpt-fresh-start"] : [])
            + (l2pPoolSize.map { ["--l2p-pool-size", "\($0)"] } ?? [])
            + (data.map { ["--data", $0, "--max-unknown", "\(maxUnknown)"] } ?? [])
    }
}

/// Parses "1,2,3" style lists of orders or ids (blank entries dropped).
func parseList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// The methods of `flag`'s list: at least one, each known, none twice.
func parseMethods(_ text: String, flag: String = "--methods") throws -> [ContinualMethod] {
    if text.trimmingCharacters(in: .whitespaces) == "all" { return ContinualMethod.allCases }
    let items = parseList(text)
    try checkList(items, flag)
    return try items.map {
        guard let m = ContinualMethod(rawValue: $0.lowercased()) else { throw ValidationError(ContinualError.unknownMethod($0).description) }
        return m
    }
}

/// The task orders of `flag`'s list: at least one, each 1-5, none twice.
func parseOrders(_ text: String, flag: String = "--orders") throws -> [Int] {
    let items = parseList(text)
    try checkList(items, flag)
    let orders = try items.map {
        guard let n = Int($0), (1...5).contains(n) else { throw ValidationError("task orders are 1-5, got '\($0)'") }
        return n
    }
    try checkList(orders.map(String.init), flag)
    return orders
}

/// Task ids of `flag`'s list: at least one, each a benchmark task, none twice.
func parseTasks(_ text: String, flag: String = "--tasks") throws -> [String] {
    let items = parseList(text)
    try checkList(items, flag)
    for id in items where Benchmark.task(id) == nil { throw ValidationError(ContinualError.unknownTask(id).description) }
    return items
}

/// The single method of a `--method` flag.
func parseMethod(_ text: String) throws -> ContinualMethod {
    let methods = try parseMethods(text, flag: "--method")
    guard methods.count == 1 else { throw ValidationError("--method takes one method, got '\(text)'") }
    return methods[0]
}

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one continual method over one task stream and write result.json (resumable).",
        discussion: """
            Methods: \(ContinualMethod.allCases.map(\.rawValue).joined(separator: ", ")). \
            The stream is one of the paper's five task orders (--order), optionally without the four \
            novel tasks (--hold-out-novel), or an explicit --tasks list. The state is saved after each \
            task and each epoch in --output; rerunning the same command after a kill resumes and ends \
            with the same result. Example: lpt learn --method lpt --order 1 --output runs/lpt-1
            """)

    @Option(help: "The method (see above).") var method = "lpt"
    @Option(help: "The paper's task order, 1-5.") var order = 1
    @Option(help: "Comma-separated task ids instead of --order (with --data: task folder names).") var tasks: String?
    @Flag(help: "Leave CoNLL03, CoNLL04, CASIE and 15res out of the stream (chapter 7's novel tasks).") var holdOutNovel = false
    @Option(help: "Folder for the resumable state and result.json.") var output: String
    @OptionGroup var flags: ExperimentFlags

    func validate() throws {
        _ = try parseMethod(method)
        guard (1...5).contains(order) else { throw ValidationError("--order must be 1-5, got \(order)") }
        if let tasks { _ = try flags.parseTasks(tasks) }
        try checkOutputFolder(output, "--output")
    }

    func run() throws {
        let method = try parseMethod(method)
        let ids = try tasks.map { try flags.parseTasks($0) } ?? ContinualJob.stream(order: order, holdOutNovel: holdOutNovel)
        try flags.checkData(ids)
        try OutputFolder.claim(URL(fileURLWithPath: output), wait: ChildJobs.lockWait)
        let job = ContinualJob(method: method, order: tasks == nil ? order : nil, taskIDs: ids, options: flags.options,
                               backbone: flags.backboneURL, data: flags.taskSource)
        let result = try job.run(folder: URL(fileURLWithPath: output)) { say($0) }
        print(String(format: "[%@] average F1 %.1f over %d tasks; %.0f s; wrote %@/result.json",
                     method.rawValue, result.average, ids.count, result.seconds, output))
    }
}
