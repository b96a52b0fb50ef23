// `lpt backbone …`: stage 3's tiny-UIE backbone. `train` reproduces the shipped checkpoint
// (resumable: rerun the same command after an interruption); `eval` prints its F1 on the
// pretraining pool's test split and its zero-shot F1 on the 13 benchmark tasks.

import ArgumentParser
import CommandSupport
import Diagrams
import Foundation
import SEL
import T5
import Tensors

struct BackboneGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backbone", abstract: "Stage 3: train or evaluate the frozen tiny-UIE backbone.",
        subcommands: [BackboneTrain.self, BackboneEval.self, BackboneExamples.self, BackboneWhere.self])
}

struct BackboneWhere: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "where",
        abstract: "Print the folder the shipped backbone is loaded from, and check its SHA-256 sums.",
        discussion: """
            LPT_BACKBONE, when set, names the folder. Otherwise the build copies the checkpoint into a \
            resource bundle beside the executable (lpt-kit_SEL.resources on Linux, lpt-kit_SEL.bundle on \
            macOS): copy it with the lpt binary and the copy finds it; the source tree it was built from \
            is the fallback.
            """)

    func run() throws {
        let folder = Backbone.shippedFolder
        let bad = try Backbone.verifyChecksums(in: folder)
        guard bad.isEmpty else { throw BackboneError.checksumMismatch(folder: folder.path, files: bad) }
        print("shipped backbone: \(folder.path) (checksums match\(ProcessInfo.processInfo.environment["LPT_BACKBONE"] == nil ? "" : "; from LPT_BACKBONE"))")
    }
}

struct BackboneTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the tiny-UIE backbone from scratch (text-to-structure on the pool mixed with copying text).",
        discussion: """
            Checkpoints go to OUTPUT/checkpoint every 250 steps (atomically); rerunning the same command resumes. \
            At the end OUTPUT/tiny-uie holds config.json, model.safetensors, vocabulary.txt, SHA256SUMS and \
            training-log.tsv: copy that folder to Sources/SEL/Backbone/tiny-uie to ship it.
            """)

    @Option(help: "Folder for checkpoints and the final model.") var output: String
    @Option(help: "Total optimization steps.") var steps = BackboneOptions().steps
    @Option(help: "Steps of text examples only, before extraction examples are mixed in.") var spanOnlySteps = BackboneOptions().spanOnlySteps
    @Option(help: "Stop after this step (the schedule still assumes --steps).") var until: Int?
    @Option(help: "Text objective: span-corruption, reconstruction or copy.") var textObjective = BackboneOptions().textObjective.rawValue
    @Option(help: "Share of text examples in a batch (after any text-only steps).") var textFraction = BackboneOptions().textFraction
    @Option(help: "Peak learning rate.") var peakLearningRate = BackboneOptions().peakLearningRate
    @Option(help: "Warm-up steps.") var warmupSteps = BackboneOptions().warmupSteps
    @Option(help: "Seed of initialization and batches.") var seed = BackboneOptions().seed
    @Option(help: "Start from this checkpoint's weights (with a fresh optimizer).") var initFrom: String?
    @Flag(help: "Ablation: train on the pool's eight fixed tasks (every label, first names) instead of sampled tasks.")
    var fixedTasks = false
    @Option(help: "Model width (default: the kit backbone's 128). With --d-ff, --heads and --layers it builds another model, e.g. chapter 8's second backbone.")
    var dModel: Int?
    @Option(help: "Feed-forward width (default: 4 × --d-model).") var dFf: Int?
    @Option(help: "Attention heads (default: 4); --d-model must be a multiple.") var heads: Int?
    @Option(help: "Blocks in the encoder and in the decoder each (default: 2).") var layers: Int?

    /// The model to train: the kit backbone, or another shape when any architecture flag is given.
    var architecture: T5Config? {
        guard dModel != nil || dFf != nil || heads != nil || layers != nil else { return nil }
        var config = T5Config.kitBackbone(vocabularySize: 0)
        config.dModel = dModel ?? config.dModel
        config.numHeads = heads ?? config.numHeads
        config.dKV = config.dModel / config.numHeads
        config.dFF = dFf ?? 4 * config.dModel
        config.numLayers = layers ?? config.numLayers
        config.numDecoderLayers = layers ?? config.numDecoderLayers
        return config
    }

    func validate() throws {
        guard TextObjective(rawValue: textObjective) != nil else {
            throw ValidationError("--text-objective must be span-corruption, reconstruction or copy, not '\(textObjective)'")
        }
        try check(steps, "--steps", in: 1...Limits.steps)
        try check(spanOnlySteps, "--span-only-steps", in: 0...steps)
        if let until { try check(until, "--until", in: 1...steps) }
        try check(textFraction, "--text-fraction", in: 0...1)
        try check(Double(peakLearningRate), "--peak-learning-rate", in: 0...10, openBelow: true)
        try check(warmupSteps, "--warmup-steps", in: 0...Limits.steps)
        try checkOutputFolder(output, "--output")
        try checkPath(initFrom, "--init-from")
        if let dModel { try check(dModel, "--d-model", in: 8...1024) }
        if let dFf { try check(dFf, "--d-ff", in: 8...8192) }
        if let heads { try check(heads, "--heads", in: 1...32) }
        if let layers { try check(layers, "--layers", in: 1...12) }
        if let config = architecture, config.dModel % config.numHeads != 0 {
            throw ValidationError("--d-model \(config.dModel) is not a multiple of --heads \(config.numHeads)")
        }
    }

    func run() throws {
        var options = BackboneOptions()
        options.steps = steps
        options.spanOnlySteps = spanOnlySteps
        options.textObjective = TextObjective(rawValue: textObjective)!
        options.textFraction = textFraction
        options.peakLearningRate = peakLearningRate
        options.warmupSteps = warmupSteps
        options.seed = seed
        options.initFrom = initFrom
        options.sampling.fixedTasks = fixedTasks
        let vocabulary = Benchmark.vocabulary()
        let unknown = Benchmark.unknownWords(in: vocabulary)
        guard unknown.isEmpty else { throw ValidationError("vocabulary misses generated words: \(unknown.prefix(20))") }
        let trainer = try BackboneTrainer(vocabulary: vocabulary, options: options, heldOut: Backbone.heldOutTexts(),
                                          architecture: architecture)
        let folder = URL(fileURLWithPath: output)
        try OutputFolder.claim(folder)
        if try trainer.resume(from: folder) { say("resumed at step \(trainer.step)") }
        say("vocabulary \(vocabulary.count) tokens, model \(trainer.model.parameterCount) parameters, \(options.steps) steps of \(options.batchSize)")
        let progress = ProgressLine("backbone", total: until ?? options.steps)
        let start = Date()
        var window: [Float] = []
        try trainer.run(until: until, checkpointFolder: folder) { step, loss in
            window.append(loss)
            progress.update(step, detail: String(format: "loss %.3f", loss))
            if step % 250 == 0 {
                say(String(format: "step %5d  loss %.4f  %.0f s", step, window.reduce(0, +) / Float(window.count), Date().timeIntervalSince(start)))
                window.removeAll()
            }
        }
        guard trainer.step == options.steps else { return }
        let export = folder.appendingPathComponent("tiny-uie")
        try Backbone.export(trainer, to: export)
        say("wrote \(export.path) (config.json, model.safetensors, vocabulary.txt, training-log.tsv, SHA256SUMS)")
    }
}

struct BackboneEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "F1 of a backbone on the pretraining pool's test split and zero-shot on the 13 benchmark tasks.",
        discussion: """
            Without --checkpoint, evaluates the shipped backbone (see lpt backbone where). F1 is UIE's \
            headline metric per task: offset-ent-F1 (NER), offset-rel-strict-F1 (RE, ABSA) and the mean of \
            trigger and role F1 (EE). Each task is decoded greedily without and with the SEL grammar constraint.
            """)

    @Option(help: "Checkpoint folder (config.json, model.safetensors, vocabulary.txt).") var checkpoint: String?
    @Option(help: "Which split: dev or test.") var split = "test"
    @Option(help: "Sentences per task (at most the split's size).") var limit = 300
    @Flag(help: "Skip the 13 benchmark tasks (pool only).") var poolOnly = false
    @Flag(help: "Skip constrained decoding.") var unconstrainedOnly = false
    @Option(help: "Print this many generated outputs per task beside the gold target.") var show = 0

    func validate() throws {
        guard split == "dev" || split == "test" else { throw ValidationError("--split must be dev or test, not '\(split)'") }
        try check(limit, "--limit", in: 1...Limits.sentences)
        try check(show, "--show", in: 0...limit)
        try checkPath(checkpoint, "--checkpoint")
    }

    func run() throws {
        let folder = checkpoint.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder
        let model = try T5Model(checkpoint: folder)
        let vocabulary = try Vocabulary.load(folder.appendingPathComponent("vocabulary.txt"))
        let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
        let start = Date()
        func table(_ title: String, _ tasks: [TaskData]) throws -> (Double, Double) {
            say("\n\(title)\n| task | type | sentences | F1 | F1 constrained |\n| --- | --- | --- | --- | --- |")
            var sums = (0.0, 0.0)
            for data in tasks {
                let examples = Array((split == "dev" ? data.dev : data.test).prefix(limit))
                let schemas = data.spec.schemas
                if show > 0 {
                    let shown = Array(examples.prefix(show))
                    for (g, e) in zip(evaluator.generate(shown, schemas: schemas), shown) {
                        say("  \(data.spec.id): \(e.text)\n    gold: \(SELToken.readable(e.record))\n    pred: \(SELToken.readable(g))")
                    }
                }
                let plain = try evaluator.evaluate(examples, schemas: schemas, strategy: data.spec.strategy).headlineF1(kind: data.spec.kind)
                let constrained = unconstrainedOnly ? Double.nan
                    : try evaluator.evaluate(examples, schemas: schemas, strategy: data.spec.strategy, constrained: true).headlineF1(kind: data.spec.kind)
                sums.0 += plain; sums.1 += constrained
                say(String(format: "| %@ | %@ | %d | %.1f | %.1f |", data.spec.id, data.spec.kind.shortName, examples.count, plain, constrained))
            }
            let n = Double(tasks.count)
            say(String(format: "| mean | | | %.1f | %.1f |", sums.0 / n, sums.1 / n))
            return (sums.0 / n, sums.1 / n)
        }
        _ = try table("Pretraining pool, \(split) split (the backbone was trained on this pool's train stream):", Backbone.poolEvaluation())
        if !poolOnly {
            let tasks = Benchmark.tasks.map { Benchmark.generate($0, options: BenchmarkOptions(trainSize: 0)) }
            _ = try table("Zero-shot on the 13 benchmark tasks, \(split) split (labels and domains the backbone never saw):", tasks)
        }
        say(String(format: "[time] %.1f s", Date().timeIntervalSince(start)))
    }
}

struct BackboneExamples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "Print pretraining examples as the backbone sees them: a sampled task's prompt, sentence and target.")

    @Option(help: "How many examples.") var count = 8
    @Option(help: "Seed of the sampler.") var seed: UInt64 = 1

    func validate() throws { try check(count, "--count", in: 1...1000) }

    func run() throws {
        let sampler = PoolSampler(vocabulary: Benchmark.vocabulary())
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<count {
            let e = sampler.example(&rng)
            say("prompt: \(SELToken.readable(e.prompt.trainingPrefix(&rng)))\n  text: \(e.example.text)\n  gold: \(SELToken.readable(e.example.record))")
        }
    }
}

/// Prints and flushes, so log lines reach a file as they are printed (long runs under nohup).
func say(_ line: String) {
    print(line)
    fflush(nil)
}
