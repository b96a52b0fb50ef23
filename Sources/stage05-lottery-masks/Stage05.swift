// stage05-lottery-masks: chapter 5's executable. Learns three benchmark tasks in sequence with
// one lottery prompt on the frozen tiny-UIE backbone. After each task it prints every learned
// task's test F1 (earlier tasks must not change), the mask's size, the entries it trained itself,
// the union and the free capacity; at the end the overlaps between masks, the parameter
// accounting, and the mask-reuse diagram. Lines starting with [time] hold timings.

import ArgumentParser
import CommandSupport
import Diagrams
import Foundation
import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors

@main
struct Stage05: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage05-lottery-masks",
        abstract: "Stage 5: three tasks in sequence with a lottery prompt (keep 30%, gradient isolation).",
        discussion: """
            With --checkpoints DIR the learned state is saved after every epoch and task, and a rerun \
            resumes. --figures DIR writes the method diagram 05-method.svg at once and 05-mask-reuse.dot \
            and .svg after training; --method-diagram stops after the first.
            Example: swift run -c release stage05-lottery-masks --figures figures
            """)

    @Option(help: "Comma-separated task ids, in learning order.") var tasks = "ace04,conll04,14lap"
    @Option(help: "Training sentences per task.") var train = 1000
    @Option(help: "Epochs per task.") var epochs = PromptTuningOptions().epochs
    @Option(help: "Share of prompt entries each task keeps (the paper's c = 0.7 is the share pruned).") var keep = LotteryOptions().keepFraction
    @Option(help: "Dev sentences scored after each epoch.") var devLimit = PromptTuningOptions().devLimit
    @Option(help: "Test sentences scored per task.") var testLimit = 300
    @Option(help: "Backbone checkpoint folder (default: the shipped tiny-UIE).") var backbone: String?
    @Option(help: "Folder for checkpoints (resumable).") var checkpoints: String?
    @Option(help: "Write 05-method.svg (the method, schematic), then after training 05-mask-reuse.dot and .svg, to this folder.") var figures: String?
    @Flag(help: "With --figures: draw only the method diagram (05-method.svg), without training.") var methodDiagram = false
    @Option(help: "Subtracted from the starting scores of entries earlier tasks own, so a task starts on free entries (0 turns it off).")
    var ownedScoreOffset = LotteryOptions().ownedScoreOffset ?? 0

    func validate() throws {
        let ids = tasks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for id in ids where Benchmark.task(id) == nil {
            throw ValidationError("unknown task '\(id)'; tasks: \(Benchmark.tasks.map(\.id).joined(separator: ", "))")
        }
        guard Set(ids).count == ids.count, !ids.isEmpty else { throw ValidationError("--tasks must list distinct tasks") }
        guard train > 0, epochs > 0, devLimit > 0, testLimit > 0, keep > 0, keep <= 1 else {
            throw ValidationError("--train, --epochs, --dev-limit, --test-limit must be positive and --keep in (0, 1]")
        }
        // Upper bounds, so a typo with extra zeros is an error rather than a run that fills memory.
        for (flag, value, bound) in [("--train", train, 100_000), ("--epochs", epochs, 1_000), ("--dev-limit", devLimit, 100_000),
                                     ("--test-limit", testLimit, 100_000)] where value > bound {
            throw ValidationError("\(flag) must be at most \(bound), got \(value)")
        }
        guard ownedScoreOffset.isFinite, (0...100).contains(ownedScoreOffset) else {
            throw ValidationError("--owned-score-offset must be a finite number in [0, 100], got \(ownedScoreOffset)")
        }
        try checkPath(backbone, "--backbone")
        try checkPath(checkpoints, "--checkpoints")
        try checkPath(figures, "--figures")
        if methodDiagram && figures == nil { throw ValidationError("--method-diagram needs --figures DIR, the folder to draw into") }
    }

    /// Like `main()`, but a file-system error prints as one line naming the path and the cause.
    static func main() { mainWithReadableErrors() }

    func run() throws {
        if let figures {
            try FigureFile.write(MethodDiagram().svg(), to: URL(fileURLWithPath: figures).appendingPathComponent("05-method.svg"))
            print("wrote \(figures)/05-method.svg")
            if methodDiagram { return }
        }
        let (model, vocabulary) = try Backbone.load(from: backbone.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder)
        var benchmark = BenchmarkOptions()
        benchmark.trainSize = train
        let data = tasks.split(separator: ",").map { Benchmark.generate(Benchmark.task($0.trimmingCharacters(in: .whitespaces))!, options: benchmark) }
        var tuning = PromptTuningOptions()
        (tuning.epochs, tuning.devLimit) = (epochs, devLimit)
        var options = LotteryOptions()
        options.keepFraction = keep
        options.ownedScoreOffset = ownedScoreOffset
        let layout = PromptLayout(.deep, for: model.config)
        let lottery = LotteryPrompt(layout: layout, model: model, options: options)
        print("deep prompt \(layout.shape) = \(layout.parameterCount) entries; keep \(keep) (\(PromptMask.keptCount(keepFraction: keep, of: layout.parameterCount)) per task)")
        print("prompt Adam \(tuning.learningRate), scores Adam \(options.scoreLearningRate), scores U(-\(options.scoreInitRange), \(options.scoreInitRange)) minus \(ownedScoreOffset) on owned entries; \(epochs) epochs of \(train) sentences per task")
        let sequence = LotterySequence(model: model, vocabulary: vocabulary, lottery: lottery, tasks: data, tuning: tuning, testLimit: testLimit)
        let folder = checkpoints.map { URL(fileURLWithPath: $0) }
        let ids = data.map(\.spec.id)
        if let folder {
            try OutputFolder.claim(folder)
            // A resume must continue the same experiment: refuse a folder made with other options.
            try LotteryRunSettings(tasks: ids, trainSize: train, epochs: epochs, keepFraction: keep, devLimit: devLimit,
                                   testLimit: testLimit, backbone: backbone.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
                .checkOrRecord(in: folder)
        }
        var bars: [String: ProgressLine] = [:]
        try sequence.run(checkpointFolder: folder,
                         progress: { task, step, loss in
                             let steps = (train + tuning.batchSize - 1) / tuning.batchSize
                             let bar = bars[task] ?? ProgressLine(task, total: steps)
                             bars[task] = bar
                             bar.update(step, detail: String(format: "loss %.3f", loss))
                             if step == steps { bars[task] = nil }
                         },
                         epochReport: { task, r in
                             FileHandle.standardError.write(Data(String(format: "  %@ epoch %2d  loss %.4f  dev F1 %5.1f\n", task, r.epoch, r.trainLoss, r.devF1 ?? .nan).utf8))
                         })
        print("\nTest F1 of every learned task after each task (each with its own mask):")
        print("| after | " + ids.joined(separator: " | ") + " | |m_k| | new entries | union | free |")
        print("| --- |" + String(repeating: " --- |", count: ids.count + 4))
        for (k, r) in sequence.reports.enumerated() {
            let cells = ids.indices.map { $0 < r.testF1.count ? String(format: "%.1f", r.testF1[$0]) : "" }
            print("| \(k + 1). \(r.task) | " + cells.joined(separator: " | ")
                  + String(format: " | %d | %d | %d | %.1f%% |", r.maskSize, r.newEntries, r.unionSize, 100 * r.freeCapacity))
        }
        let unchanged = sequence.reports.last.map { last in
            sequence.reports.enumerated().allSatisfy { k, r in r.testF1[k] == last.testF1[k] } } ?? true
        print("earlier tasks' F1 unchanged after later tasks: \(unchanged ? "yes, exactly" : "NO")")

        print("\nMask overlaps |m_i ∧ m_j| / |m_i ∨ m_j| (a random 30% mask pair gives about 0.18):")
        print("| | " + ids.joined(separator: " | ") + " |")
        print("| --- |" + String(repeating: " --- |", count: ids.count))
        for (i, a) in lottery.masks.enumerated() {
            print("| \(ids[i]) | " + lottery.masks.map { String(format: "%.3f", a.mask.jaccard($0.mask)) }.joined(separator: " | ") + " |")
        }
        let accounting = LotteryAccounting(backboneParameters: model.parameterCount, promptParameters: layout.parameterCount,
                                           keepFraction: keep, tasks: lottery.masks.count)
        print(String(format: "\nbackbone N = %d parameters (tied embedding counted once); prompt P = %d (%.3f%% of N)",
                     accounting.backboneParameters, accounting.promptParameters, accounting.promptPercent))
        print(String(format: "Tune Param %.3f%% (%d entries per task); one mask %d bytes = %.4f%% of N; +Param %.3f%% for %d tasks",
                     accounting.tunePercent, accounting.keptPerTask, accounting.maskBytes, accounting.maskPercent,
                     accounting.addedPercent, accounting.tasks))
        for r in sequence.reports { print(String(format: "[time] %@: %.0f s", r.task, r.seconds)) }
        if let figures {
            let reuse = MaskReuse(masks: lottery.masks)
            let base = URL(fileURLWithPath: figures).appendingPathComponent("05-mask-reuse")
            try GraphvizRenderer().writeFigure(dot: reuse.dot(title: "Mask reuse: share of each task's mask trained by each earlier task"), to: base)
            print("\nwrote \(figures)/05-mask-reuse.dot/.svg")
        }
    }
}
