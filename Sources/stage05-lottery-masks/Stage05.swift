// stage05-lottery-masks: chapter 5's executable. Learns three benchmark tasks in sequence with
// one lottery prompt on the frozen tiny-UIE backbone. After each task it prints every learned
// task's test F1 (earlier tasks must not change), the mask's size, the entries it trained itself,
// the union and the free capacity; at the end the overlaps between masks, the parameter
// accounting, and the mask-reuse diagram. Lines starting with [time] hold timings.

import ArgumentParser
import CommandSupport
import Diagrams
import ExerciseSupport
import Exercises05
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
            and .svg after training; --method-diagram stops after the first. --mine makes every mask of \
            the run with the top-k you write in exercise 5.1 (exercises/Stubs/Ch05/Ex5_1_TopKMask.swift).
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
    @Flag(help: "Make every mask with your top-k from exercise 5.1 (checked against the library's first).") var mine = false
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
        if mine { try useYourTopK(in: lottery) }
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
        if mine {
            print("your top-k computed \(lottery.topKRuleCalls - lottery.topKRuleFailures) of the \(lottery.topKRuleCalls) masks the run asked for"
                  + (lottery.topKRuleFailures == 0 ? "" : "; it threw \(lottery.topKRuleFailures) times, and the library's made those"))
        }

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

    /// `--mine`: the learner's top-k must exist and agree with the library's on awkward inputs
    /// (ties, halves, keep 0 and 1, negative scores) before it decides which entries tasks own.
    func useYourTopK(in lottery: LotteryPrompt) throws {
        let file = "exercises/Stubs/Ch05/Ex5_1_TopKMask.swift"
        print("== your code: the top-k mask from exercise 5.1 (\(file)) ==")
        var rng = SeededGenerator(seed: 51)
        var cases: [(Double, [Float])] = [(0.5, [0.2, -9, 0.2, 0.5, 0.2, 0.1]), (0.25, [Float](repeating: 1, count: 10)),
                                          (0, [1, 2, 3]), (1, [3, 2, 1]), (0.3, []), (0.5, [-1, -3, -2, -4, -5])]
        for n in [7, 64, 1000] {
            for keep in [0.1, 0.3, 0.5] { cases.append((keep, (0..<n).map { _ in Float(rng.nextInt(below: 5)) - 2 + rng.nextUniform() * 0.5 })) }
        }
        do {
            for (keep, scores) in cases {
                let expected = PromptMask.top(keepFraction: keep, of: scores)
                let yours = try topKMask(scores: scores, keepFraction: keep)
                guard yours.count == scores.count, PromptMask(yours) == expected else {
                    print("your top-k differs from the library's for keep \(keep) of \(scores.count) scores, so it decides nothing: `lpt check 5.1` shows where")
                    throw ExitCode.failure
                }
            }
        } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 5.1`, then `lpt check 5.1`)")
            throw ExitCode.failure
        }
        print("it agrees with the library's on \(cases.count) score vectors (ties, halves, keep 0 and 1); from here on it makes every mask")
        lottery.topKRule = { keep, scores in try topKMask(scores: scores, keepFraction: keep) }
    }
}
