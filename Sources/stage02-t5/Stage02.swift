// stage02-t5: chapter 2's executable. Pretrains a tiny T5 from scratch with span corruption on
// the kit's synthetic corpus, showing progress and the loss curve, checkpointing atomically
// (a killed run resumes where its last checkpoint left off), and draws the block diagram.

import ArgumentParser
import CommandSupport
import Diagrams
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
}
