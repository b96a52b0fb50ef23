// Chapter 7's commands. `lpt novel`: one method on the four novel tasks, zero-shot and few-shot,
// from its finished stream job. `lpt table2`: every method of the paper's Table 2, stream jobs and
// then novel jobs as child processes, and the table. `lpt selectors`: the selector ablation on an
// LPT job's masks, with its figure.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation
import NovelTasks
import SEL

/// Few-shot knobs shared by `novel`, `table2` and `run`.
struct NovelFlags: ParsableArguments {
    @Option(help: "Few-shot sentences per class (entity, relation, event type or role).") var shots = NovelTaskOptions().shotsPerClass
    @Option(help: "Epochs over the few-shot sentences.") var fewShotEpochs = NovelTaskOptions().fewShotEpochs
    @Option(help: "Few-shot batch size (0: the method's own, 32).") var fewShotBatch = NovelTaskOptions().fewShotBatchSize ?? 0
    @Option(help: "Score dev after every this many few-shot epochs and after the last.")
    var fewShotDevEvery = NovelTaskOptions().fewShotDevEvery ?? 1

    func validate() throws {
        try check(shots, "--shots", in: 1...Limits.sentences)
        try check(fewShotEpochs, "--few-shot-epochs", in: 1...Limits.epochs)
        try check(fewShotBatch, "--few-shot-batch", in: 0...Limits.batchSize)
        try check(fewShotDevEvery, "--few-shot-dev-every", in: 1...Limits.epochs)
    }

    var options: NovelTaskOptions {
        var o = NovelTaskOptions()
        (o.shotsPerClass, o.fewShotEpochs) = (shots, fewShotEpochs)
        o.fewShotBatchSize = fewShotBatch == 0 ? nil : fewShotBatch
        o.fewShotDevEvery = fewShotDevEvery == 1 ? nil : fewShotDevEvery
        return o
    }

    var arguments: [String] {
        ["--shots", "\(shots)", "--few-shot-epochs", "\(fewShotEpochs)", "--few-shot-batch", "\(fewShotBatch)",
         "--few-shot-dev-every", "\(fewShotDevEvery)"]
    }
}

func parseNovelTasks(_ text: String) throws -> [String] {
    try parseTasks(text).map { $0.lowercased() }
}

struct Novel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One method on the novel tasks, zero-shot and few-shot, after its stream (writes novel.json; resumable).",
        discussion: """
            --stream is the folder of the method's finished `lpt learn` job (learned with \
            --hold-out-novel); its settings are reused. Each novel task starts again from the \
            stream's end state: zero-shot scores it as it is; few-shot trains on --shots sentences \
            per class first. LPT and AdapterCL lend the task the module (mask, adapters) with the \
            lowest gold perplexity on the few-shot sentences. Individual needs no --stream.
            Example: lpt novel --method lpt --stream runs/lpt-1 --output runs/lpt-1/novel
            """)

    @Option(help: "The method whose stream job --stream holds.") var method = "lpt"
    @Option(help: "Folder of the finished stream job (lpt learn --hold-out-novel).") var stream: String?
    @Option(help: "Folder for novel.json.") var output: String
    @Option(help: "Comma-separated novel task ids (with --data: task folder names).") var tasks = Benchmark.novelTaskIDs.joined(separator: ",")
    @OptionGroup var novelFlags: NovelFlags
    @OptionGroup var flags: ExperimentFlags

    func validate() throws {
        let method = try parseMethod(method)
        _ = try flags.parseTasks(tasks)
        if method != .individual, stream == nil { throw ValidationError("--stream is required for \(method.rawValue)") }
        try checkPath(stream, "--stream")
        try checkOutputFolder(output, "--output")
    }

    func run() throws {
        let method = try parseMethod(method)
        try OutputFolder.claim(URL(fileURLWithPath: output), wait: ChildJobs.lockWait)
        let streamFolder = stream.map { URL(fileURLWithPath: $0) }
        // The stream's own settings, so the learner's saved state fits (Individual: the flags).
        let options = try streamFolder.map { try ContinualResult.load($0.appendingPathComponent("result.json")).options } ?? flags.options
        let ids = flags.data == nil ? try parseNovelTasks(tasks) : try flags.parseTasks(tasks)
        if let streamFolder { try checkSameData(streamFolder) }
        try flags.checkData(ids)
        let job = NovelTaskJob(method: method, streamFolder: streamFolder, novelTaskIDs: ids,
                               options: options, novel: novelFlags.options, backbone: flags.backboneURL, data: flags.taskSource)
        let result = try job.run(folder: URL(fileURLWithPath: output)) { say($0) }
        print(String(format: "[%@] novel tasks: few-shot average %.1f, zero-shot average %.1f; wrote %@/novel.json",
                     method.rawValue, result.fewShotAverage, result.zeroShotAverage, output))
    }

    /// The stream job read its tasks from the same place as this job's --data (its job.json says).
    func checkSameData(_ streamFolder: URL) throws {
        let url = streamFolder.appendingPathComponent(JobSettings.fileName)
        guard let saved = try? JSONDecoder().decode(JobSettings.self, from: Data(contentsOf: url)) else { return }
        let now = flags.taskSource.folderPath
        guard saved.data == now else {
            throw ValidationError("--stream \(streamFolder.path) learned its tasks from \(saved.data ?? "the generated benchmark"), "
                                  + "but this job reads \(now ?? "the generated benchmark"); give the same --data as its lpt learn")
        }
    }
}

/// The paper's Table 2 layout: per method, few-shot F1 per novel task and average, then zero-shot.
func novelTable(_ results: [NovelTaskResult]) -> String {
    let tasks = results.first?.outcomes.map(\.task) ?? []
    let f = { (x: Double) in String(format: "%.1f", x) }
    var lines = ["| method | few-shot: " + tasks.joined(separator: " / ") + " | avg | zero-shot: " + tasks.joined(separator: " / ") + " | avg |",
                 "| --- | --- | ---: | --- | ---: |"]
    for r in results {
        let few = tasks.map { t in r.outcomes.first { $0.task == t }.map { f($0.fewShot) } ?? "–" }.joined(separator: " / ")
        let zero = tasks.map { t in r.outcomes.first { $0.task == t }.map { f($0.zeroShot) } ?? "–" }.joined(separator: " / ")
        lines.append("| \(r.method.displayName) | \(few) | \(f(r.fewShotAverage)) | \(zero) | \(f(r.zeroShotAverage)) |")
    }
    return lines.joined(separator: "\n")
}

struct Table2: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The paper's Table 2 in miniature: every method's zero- and few-shot F1 on the novel tasks (resumable).",
        discussion: """
            Each method first learns the --order stream without the four novel tasks (CoNLL03, CoNLL04, \
            CASIE, 15res; the multi-task bounds train on its union once), then meets each novel task \
            as `lpt novel` does. Jobs run as child processes, --jobs at a time; rerunning resumes. \
            Prints the table and its running time and writes table2.md into --output. --plan FILE \
            and --collect DIR run the grid on a scheduler instead, as for lpt table1 (appendix B).
            Example: lpt table2 --output runs/table2
            """)

    @Option(help: "Folder for the jobs and table2.md.") var output = "runs/table2"
    @Option(help: "Comma-separated methods (default: the paper's Table 2 rows).")
    var methods = "fine-tuning,adaptercl,c-pt,l2p,lpt,individual,mt-prompt,mt-adapter,mt-fine-tuning"
    @Option(help: "The task order of the stream (1-5).") var order = 1
    @Option(help: "Jobs run at once (one core each).") var jobs = 2
    @OptionGroup var novelFlags: NovelFlags
    @OptionGroup var flags: ExperimentFlags
    @OptionGroup var grid: GridFlags

    func validate() throws {
        _ = try parseMethods(methods)
        guard (1...5).contains(order) else { throw ValidationError("--order must be 1-5, got \(order)") }
        try check(jobs, "--jobs", in: 1...Limits.jobs)
        try checkOutputFolder(output, "--output")
    }

    func run() throws {
        let start = Date()
        let folder = grid.folder(output: output)
        if grid.plan == nil { try OutputFolder.claim(folder) }
        let methods = try parseMethods(methods)
        func streamFolder(_ m: ContinualMethod) -> URL { folder.appendingPathComponent("\(m.rawValue)-\(order)") }
        try flags.checkData(ContinualJob.stream(order: order, holdOutNovel: true) + Benchmark.novelTaskIDs)
        let learnJobs = methods.filter { $0 != .individual }.map { m in
            ChildJob(name: "\(m.rawValue) stream", arguments: ["--method", m.rawValue, "--order", "\(order)", "--hold-out-novel"] + flags.arguments,
                     folder: streamFolder(m))
        }
        let novelJobs = methods.map { m in
            ChildJob(name: "\(m.rawValue) novel",
                     arguments: ["--method", m.rawValue] + (m == .individual ? [] : ["--stream", ChildJobs.relativePath(streamFolder(m))]) + novelFlags.arguments + flags.arguments,
                     folder: folder.appendingPathComponent("novel-\(m.rawValue)"), command: "novel",
                     after: m == .individual ? [] : ["\(m.rawValue) stream"])
        }
        if grid.plan == nil, grid.collect == nil {
            say("[1/2] \(learnJobs.count) stream jobs (order \(order), novel tasks held out), \(jobs) at a time")
            try ChildJobs.run(learnJobs, parallel: jobs)
            say("[2/2] \(novelJobs.count) novel-task jobs")
            try ChildJobs.run(novelJobs.map { var job = $0; job.after = []; return job }, parallel: jobs)
        } else {
            // A plan line holds a stream job and then its novel job.
            guard try grid.runOrPlan(learnJobs + novelJobs, parallel: jobs, name: "table2") else { return }
        }
        let results = try novelJobs.map { try NovelTaskResult.load($0.folder.appendingPathComponent("novel.json")) }
        let options = flags.options, novel = novelFlags.options
        let text = ["Miniature Table 2: novel tasks after the order-\(order) stream (F1, CASIE = mean of trigger and role F1)", "",
                    "Stream: \(ContinualJob.stream(order: order, holdOutNovel: true).joined(separator: ", ")); \(options.trainSize) training sentences per task. "
                    + "Few-shot: \(novel.shotsPerClass) sentences per class, \(novel.fewShotEpochs) epochs\(novel.fewShotBatchSize.map { " in batches of \($0)" } ?? ""); test \(options.testLimit) sentences per novel task.", "",
                    novelTable(results), "", "Paper (T5-large UIE): see chapter 7.", ""].joined(separator: "\n")
        try FigureFile.write(text, to: folder.appendingPathComponent("table2.md"))
        print(text)
        print(String(format: "[time] %.0f s wall clock for %d jobs", Date().timeIntervalSince(start), learnJobs.count + novelJobs.count))
    }
}

struct Selectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Selector ablation on an LPT job's masks: hindsight best vs each selector vs random, per novel task.",
        discussion: """
            Scores each novel task zero-shot under every learned mask, then asks each selector for \
            its pick: perplexity with gold targets (on the few-shot sentences), and the label-free \
            ones (perplexity of each mask's own output, the one-shot entropy gradient, activated-neuron \
            overlap) on 16 unlabelled test sentences, plus a seeded random pick.
            Example: lpt selectors --stream runs/lpt-1 --figures figures
            """)

    @Option(help: "Folder of a finished LPT stream job (learned with --hold-out-novel).") var stream: String
    @Option(help: "Comma-separated novel task ids.") var tasks = Benchmark.novelTaskIDs.joined(separator: ",")
    @Option(help: "Also write 07-selectors.svg and 07-selector-scores.svg into this folder.") var figures: String?
    @OptionGroup var novelFlags: NovelFlags
    @Option(help: "Backbone checkpoint folder (default: the shipped tiny-UIE).") var backbone: String?
    @Option(help: "Also write the table as selectors.md into this folder (lpt run reads it from there).") var output: String?

    func validate() throws {
        _ = try parseNovelTasks(tasks)
        try checkPath(stream, "--stream")
        try checkOutputFolder(figures, "--figures")
        try checkOutputFolder(output, "--output")
        try checkPath(backbone, "--backbone")
    }

    func run() throws {
        let start = Date()
        let (rows, text) = try selectorAblation(stream: URL(fileURLWithPath: stream), tasks: try parseNovelTasks(tasks),
                                                novel: novelFlags.options, backbone: backbone.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder)
        print(text)
        if let figures {
            let dir = URL(fileURLWithPath: figures)
            try FigureFile.write(SelectorAblation.heatmap(rows).svg(), to: dir.appendingPathComponent("07-selectors.svg"))
            try FigureFile.write(SelectorAblation.scoreHeatmap(rows).svg(), to: dir.appendingPathComponent("07-selector-scores.svg"))
            print("wrote \(figures)/07-selectors.svg and 07-selector-scores.svg")
        }
        if let output {
            try SelectorsTable.write(text, to: URL(fileURLWithPath: output))
            print("wrote \(output)/\(SelectorsTable.fileName)")
        }
        print(String(format: "[time] %.0f s", Date().timeIntervalSince(start)))
    }
}

/// The selector table as `lpt selectors --output` leaves it for `lpt run`'s report.
enum SelectorsTable {
    static let fileName = "selectors.md"
    static func write(_ text: String, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FigureFile.write(text, to: folder.appendingPathComponent(fileName))
    }
    static func load(from folder: URL) throws -> String {
        let url = folder.appendingPathComponent(fileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8), !text.isEmpty else {
            throw ValidationError("\(url.path) is missing or empty: the selector job did not finish; rerun the same command")
        }
        return text
    }
}

/// The ablation rows and their Markdown for an LPT job folder (shared with `lpt run`).
func selectorAblation(stream: URL, tasks: [String], novel: NovelTaskOptions, backbone: URL) throws -> ([AblationRow], String) {
    let result = try ContinualResult.load(stream.appendingPathComponent("result.json"))
    guard result.method == .lpt else { throw ValidationError("\(stream.path) holds a \(result.method.rawValue) run, not LPT") }
    let learner = try loadLotteryLearner(jobFolder: stream, backbone: backbone, options: result.options)
    let rows = try SelectorAblation.run(learner: learner, novelTaskIDs: tasks, options: result.options, novel: novel) { say($0) }
    let text = ["Selector ablation: zero-shot test F1 of each pick (\(result.options.testLimit) test sentences), over the \(learner.lottery.masks.count) masks of \(stream.lastPathComponent)", "",
                SelectorAblation.table(rows), "", "Letters in the figure: \(SelectorAblation.legend)."].joined(separator: "\n")
    return (rows, text)
}
