// stage02-t5: chapter 2's executable. Pretrains a tiny T5 from scratch with span corruption on
// the kit's synthetic corpus, showing progress and the loss curve, checkpointing atomically
// (a killed run resumes where its last checkpoint left off), and draws the block diagram.

import ArgumentParser
import CommandSupport
import Diagrams
import ExerciseSupport
import Exercises02
import Foundation
import T5
import Tensors

@main
struct Stage02: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage02-t5",
        abstract: "Stage 2: pretrain a tiny T5 with span corruption; draw its block structure.",
        discussion: """
            Rerunning with the same --output resumes from the last checkpoint (the options must match).
            Example: swift run -c release stage02-t5 --output out/pretrain --figures figures
            """)

    @Option(help: "Optimization steps.") var steps = 1500
    @Option(help: "Sentences per batch.") var batchSize = 32
    @Option(help: "Peak learning rate (AdamW, linear warm-up then decay).") var learningRate: Float = 2e-3
    @Option(help: "Checkpoint every N steps.") var checkpointEvery = 250
    @Option(help: "Folder for the checkpoint (resumed if present).") var output = "out/pretrain"
    @Option(help: "Write the loss plot and block diagram to this folder.") var figures: String?
    @Flag(help: "Use a very small model (d_model 32, 1+1 layers) for quick checks.") var testSize = false
    @Option(help: "Stop after this step, as if killed (to try resuming).") var stopAfter: Int?
    @Flag(help: "Run the kit-size T5 with your RMSNorm from exercise 2.2 in every norm, against the library's (no pretraining).")
    var mine = false

    func validate() throws {
        guard (1...10_000_000).contains(steps) else { throw ValidationError("--steps must be between 1 and 10,000,000, got \(steps)") }
        guard (1...1024).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 1024, got \(batchSize)") }
        guard learningRate.isFinite, learningRate > 0, learningRate <= 10 else {
            throw ValidationError("--learning-rate must be a finite number in (0, 10], got \(learningRate)")
        }
        guard checkpointEvery >= 1 else { throw ValidationError("--checkpoint-every must be at least 1, got \(checkpointEvery)") }
        if let stopAfter, stopAfter < 0 { throw ValidationError("--stop-after must not be negative, got \(stopAfter)") }
        try checkPath(output, "--output")
        try checkPath(figures, "--figures")
    }

    /// Like `main()`, but a file-system error prints as one line naming the path and the cause.
    static func main() { mainWithReadableErrors() }

    mutating func run() throws {
        if mine { return try runWithYourRMSNorm() }
        let world = SyntheticWorld()
        let vocabulary = Vocabulary.kitDefault(world: world)
        let config = testSize ? T5Config.testSize(vocabularySize: vocabulary.count)
                              : T5Config.kitBackbone(vocabularySize: vocabulary.count)
        var options = PretrainingOptions()
        (options.steps, options.batchSize, options.peakLearningRate) = (steps, batchSize, learningRate)
        options.checkpointEvery = checkpointEvery
        options.warmupSteps = max(1, steps / 10)
        let trainer = Pretrainer(config: config, vocabulary: vocabulary, world: world, options: options)
        let folder = URL(fileURLWithPath: output)
        try OutputFolder.claim(folder)
        print("T5 d_model \(config.dModel), \(config.numHeads) heads × \(config.dKV), d_ff \(config.dFF), "
              + "\(config.numLayers)+\(config.decoderLayers) layers, vocabulary \(vocabulary.count), "
              + "\(trainer.model.parameterCount) parameters")
        if try trainer.resume(from: folder) { print("resumed from \(output)/checkpoint at step \(trainer.step)") }
        let sample = trainer.batch(at: 0)
        print("example input:  \(vocabulary.decode(sample.inputIDs[0]))")
        print("example target: \(vocabulary.decode(sample.labels[0].filter { $0 >= 0 }))")
        let progress = ProgressLine("pretraining", total: steps)
        let start = Date()
        try trainer.run(checkpointFolder: folder) { step, loss in
            progress.update(step, detail: String(format: "loss %.3f", loss))
            if let stop = stopAfter, step >= stop { throw ExitCode(3) }
        }
        print("\n step   loss (mean over the last \(options.recordEvery) steps)")
        for point in trainer.history { print(String(format: "%5d  %6.3f", point.step, point.loss)) }
        print("loss curve: " + StageOneReport.sparkline(trainer.history.map(\.loss)))
        print(String(format: "[time] %.1f s", Date().timeIntervalSince(start)))
        let decoded = trainer.model.greedyDecode([sample.inputIDs[0]], attentionMask: [sample.attentionMask![0]], maxNewTokens: 16)
        print("greedy fill-in for the example: \(vocabulary.decode(Array(decoded[0].dropFirst())))")
        if let figures {
            let base = URL(fileURLWithPath: figures)
            let plot = LinePlot(title: "Tiny T5 span-corruption pretraining", xLabel: "step", yLabel: "cross-entropy",
                                series: [.init(name: "training loss", xs: trainer.history.map { Double($0.step) },
                                               ys: trainer.history.map { Double($0.loss) })], logY: true)
            try FigureFile.write(plot.svg(), to: base.appendingPathComponent("02-pretraining-loss.svg"))
            try GraphvizRenderer().writeFigure(dot: trainer.model.blockDiagramDOT(), to: base.appendingPathComponent("02-t5-blocks"))
            print("wrote \(figures)/02-pretraining-loss.svg and 02-t5-blocks.dot/.svg")
        }
    }

    /// `--mine`: the learner's RMSNorm must exist and match the library's on random rows; then a
    /// kit-size T5 runs its forward pass and a greedy decode with it in all 12 norms, and the
    /// logits and tokens are compared with the library's run.
    func runWithYourRMSNorm() throws {
        let file = "exercises/Stubs/Ch02/Ex2_2_RMSNorm.swift"
        print("== your code: T5's RMSNorm from exercise 2.2 (\(file)) ==")
        var rng = SeededGenerator(seed: 22)
        let rows = Tensor.normal([3, 16], std: 2, rng: &rng), weight = Tensor.normal([16], std: 1, rng: &rng)
        let expected = withNoGrad { rows.rmsNorm(weight: weight, eps: 1e-6) }.data
        let yours: [Float]
        do { yours = try t5RMSNorm(rows.data, weight: weight.data, eps: 1e-6) } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 2.2`, then `lpt check 2.2`)")
            throw ExitCode.failure
        }
        let rowError = zip(yours, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
        guard yours.count == expected.count, rowError <= 1e-5 else {
            print(String(format: "your RMSNorm differs from the library's on random rows (largest relative error %.1e), so it runs nothing: `lpt check 2.2` shows where", Double(rowError)))
            throw ExitCode.failure
        }
        let config = T5Config.kitBackbone(vocabularySize: 3125)
        let model = T5Model(config: config, seed: 7)
        let ids = (0..<2).map { _ in (0..<12).map { _ in 2 + rng.nextInt(below: 3000) } }
        let calls = CallCounter()
        let hook: @Sendable ([Float], [Float], Float) -> [Float]? = { x, w, eps in
            calls.add()
            return try? t5RMSNorm(x, weight: w, eps: eps)
        }
        func run() -> (logits: [Float], tokens: [[Int]]) {
            withNoGrad {
                let encoded = model.encode(ids)
                let logits = model.decode(ids.map { [0] + $0.prefix(5) }, encoder: encoded).data
                return (logits, model.greedyDecode(ids, maxNewTokens: 8))
            }
        }
        let library = run()
        let withYours = LearnerHooks.withRMSNorm(hook) { run() }
        let logitError = zip(withYours.logits, library.logits).map { abs($0 - $1) }.max() ?? .infinity
        print("T5 d_model \(config.dModel), \(config.numLayers)+\(config.decoderLayers) layers, random weights (seed 7), two sentences of 12 tokens")
        print("your RMSNorm ran \(calls.count) times: every norm of the teacher-forced forward pass and of a greedy decode of 8 tokens")
        print(String(format: "logits: largest difference from the library's run %.1e over %d values", Double(logitError), library.logits.count))
        print("greedy tokens: \(withYours.tokens == library.tokens ? "identical" : "DIFFERENT") to the library's run")
        if logitError > 1e-4 || withYours.tokens != library.tokens { throw ExitCode.failure }
    }
}

/// Counts calls from any thread (the hook may run inside a parallel loop).
private final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
