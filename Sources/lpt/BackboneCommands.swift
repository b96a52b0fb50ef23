// `lpt backbone …`: stage 3's tiny-UIE backbone. `train` reproduces the shipped checkpoint
// (resumable: rerun the same command after an interruption); `eval` prints its F1 on the
// pretraining pool's test split and its zero-shot F1 on the 13 benchmark tasks.

import ArgumentParser
import Foundation
import SEL
import T5
import Tensors

struct BackboneGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backbone", abstract: "Stage 3: train or evaluate the frozen tiny-UIE backbone.",
        subcommands: [BackboneTrain.self])
}

struct BackboneTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the tiny-UIE backbone from scratch (span corruption, then text-to-structure on the pool).",
        discussion: """
            Checkpoints go to OUTPUT/checkpoint every 250 steps (atomically); rerunning the same command resumes.
            At the end OUTPUT/tiny-uie holds config.json, model.safetensors, vocabulary.txt, SHA256SUMS and
            training-log.tsv: copy that folder to Sources/SEL/Backbone/tiny-uie to ship it.
            """)

    @Option(help: "Folder for checkpoints and the final model.") var output: String
    @Option(help: "Total optimization steps.") var steps = BackboneOptions().steps
    @Option(help: "Steps of span corruption only, before extraction examples are mixed in.") var spanOnlySteps = BackboneOptions().spanOnlySteps
    @Option(help: "Stop after this step (for experiments; the schedule still assumes --steps).") var until: Int?

    func run() throws {
        var options = BackboneOptions()
        options.steps = steps
        options.spanOnlySteps = spanOnlySteps
        let vocabulary = Benchmark.vocabulary()
        let unknown = Benchmark.unknownWords(in: vocabulary)
        guard unknown.isEmpty else { throw ValidationError("vocabulary misses generated words: \(unknown.prefix(20))") }
        let trainer = BackboneTrainer(vocabulary: vocabulary, options: options, heldOut: Backbone.heldOutTexts())
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if try trainer.resume(from: folder) { print("resumed at step \(trainer.step)") }
        print("vocabulary \(vocabulary.count) tokens, model \(trainer.model.parameterCount) parameters, \(options.steps) steps of \(options.batchSize)")
        let progress = ProgressLine("backbone", total: until ?? options.steps)
        let start = Date()
        var window: [Float] = []
        try trainer.run(until: until, checkpointFolder: folder) { step, loss in
            window.append(loss)
            progress.update(step, detail: String(format: "loss %.3f", loss))
            if step % 250 == 0 {
                print(String(format: "step %5d  loss %.4f  %.0f s", step, window.reduce(0, +) / Float(window.count), Date().timeIntervalSince(start)))
                window.removeAll()
            }
        }
    }
}
