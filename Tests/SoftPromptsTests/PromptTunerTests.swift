// The prompt tuner on a tiny model and a tiny generated task: the backbone stays frozen and
// bit-identical, a resumed run equals an uninterrupted one, damaged checkpoints are named.

import Foundation
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

/// A tiny task (16 train, 4 dev sentences of the ABSA task) and a tiny model over the benchmark
/// vocabulary: small for test speed.
func tinySetup() -> (T5Model, Vocabulary, TuningTask) {
    let vocabulary = Benchmark.vocabulary()
    var options = BenchmarkOptions()
    (options.trainSize, options.devSize, options.testSize) = (16, 4, 4)
    let data = Benchmark.generate(Benchmark.task("14lap")!, options: options)
    let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
    return (model, vocabulary, TuningTask(data))
}

func tinyOptions(epochs: Int) -> PromptTuningOptions {
    var o = PromptTuningOptions()
    (o.epochs, o.batchSize, o.devLimit) = (epochs, 8, 4)
    return o
}

@Suite struct PromptTunerTests {
    @Test("tuning leaves every backbone weight bit-identical and stores no gradient for it")
    func frozenBackbone() throws {
        let (model, vocabulary, task) = tinySetup()
        let before = model.parameters.map(\.data)
        let prompt = SoftPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model)
        let start = prompt.values.data
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: prompt, task: task, options: tinyOptions(epochs: 1))
        _ = try tuner.trainEpoch()
        #expect(model.parameters.map(\.data) == before)
        #expect(model.parameters.allSatisfy { $0.grad == nil && !$0.requiresGrad })
        #expect(prompt.values.data != start)
    }

    @Test("a run stopped after epoch 1 and resumed from its checkpoint ends exactly like an uninterrupted run")
    func resumeEqualsUninterrupted() throws {
        let folder = temporaryFolder("tuner")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (model, vocabulary, task) = tinySetup()
        let layout = PromptLayout(.deep, for: model.config, length: 4)

        let straight = SoftPrompt(layout: layout, model: model)
        let full = try PromptTuner(model: model, vocabulary: vocabulary, prompt: straight, task: task, options: tinyOptions(epochs: 2))
        try full.run()

        let killedPrompt = SoftPrompt(layout: layout, model: model)
        let killed = try PromptTuner(model: model, vocabulary: vocabulary, prompt: killedPrompt, task: task, options: tinyOptions(epochs: 2))
        try killed.run(until: 1, checkpointFolder: folder)   // the process dies here

        let resumedPrompt = SoftPrompt(layout: layout, model: model, seed: 99)   // different start: must be overwritten
        let resumed = try PromptTuner(model: model, vocabulary: vocabulary, prompt: resumedPrompt, task: task, options: tinyOptions(epochs: 2))
        #expect(try resumed.resume(from: folder))
        #expect(resumed.epoch == 1)
        try resumed.run(checkpointFolder: folder)
        #expect(bitDifference(resumedPrompt.values.data, straight.values.data) == nil)
        #expect(resumed.history.map(\.devF1) == full.history.map(\.devF1))
        #expect(resumed.bestF1 == full.bestF1)
    }

    @Test("devEvery scores dev after every k-th epoch and the last, and the best state comes from those epochs only")
    func devEvery() throws {
        let (model, vocabulary, task) = tinySetup()
        let layout = PromptLayout(.deep, for: model.config, length: 4)
        var options = tinyOptions(epochs: 5)
        options.devEvery = 2
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: SoftPrompt(layout: layout, model: model),
                                    task: task, options: options)
        try tuner.run()
        #expect(tuner.history.map(\.epoch) == [1, 2, 3, 4, 5])
        #expect(tuner.history.map { $0.devF1 != nil } == [false, true, false, true, true])
        #expect(tuner.bestF1 == tuner.history.compactMap(\.devF1).max())
    }

    @Test("a damaged checkpoint is an error naming the file; options from another run are refused")
    func damagedCheckpoint() throws {
        let folder = temporaryFolder("tuner-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (model, vocabulary, task) = tinySetup()
        let layout = PromptLayout(.shallow, for: model.config, length: 2)
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: SoftPrompt(layout: layout, model: model), task: task, options: tinyOptions(epochs: 1))
        try tuner.save(to: folder)
        let file = folder.appendingPathComponent("prompt-checkpoint.safetensors")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        let again = try PromptTuner(model: model, vocabulary: vocabulary, prompt: SoftPrompt(layout: layout, model: model), task: task, options: tinyOptions(epochs: 1))
        #expect { try again.resume(from: folder) } throws: { "\($0)".contains("prompt-checkpoint.safetensors") }

        try tuner.save(to: folder)
        let other = try PromptTuner(model: model, vocabulary: vocabulary, prompt: SoftPrompt(layout: layout, model: model), task: task, options: tinyOptions(epochs: 3))
        #expect(throws: PromptTuningError.optionsDiffer(path: folder.path)) { try other.resume(from: folder) }
    }

    @Test("an empty training split is refused by name")
    func emptySplit() {
        let (model, vocabulary, task) = tinySetup()
        let empty = TuningTask(id: "x", kind: task.kind, schemas: task.schemas, strategy: task.strategy, train: [], dev: task.dev)
        #expect(throws: PromptTuningError.emptySplit(task: "x", split: "train")) {
            try PromptTuner(model: model, vocabulary: vocabulary, prompt: SoftPrompt(layout: PromptLayout(.shallow, for: model.config), model: model), task: empty)
        }
    }

    @Test("a batch computed as micro-batches of similar length has the loss and gradient of one pass, with less padding")
    func microBatches() throws {
        let vocabulary = Benchmark.vocabulary()
        var data = BenchmarkOptions()
        (data.trainSize, data.devSize, data.testSize) = (32, 4, 4)
        let task = TuningTask(Benchmark.generate(Benchmark.task("ace05-evt")!, options: data))
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        var options = tinyOptions(epochs: 1)
        options.batchSize = 32
        let prompt = SoftPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model)
        let batch = try PromptTuner(model: model, vocabulary: vocabulary, prompt: prompt, task: task, options: options).batches(epoch: 0)[0]
        model.setFrozen(true)
        func lossAndGradient(_ parts: Int) throws -> (Float, [Float]) {
            prompt.values.grad = nil
            let loss = try batchLoss(model: model, prompts: prompt.promptInputs(), batch: batch, microBatches: parts)
            loss.backward()
            return (loss.item, prompt.values.grad!)
        }
        let (whole, g1) = try lossAndGradient(1), (split, g4) = try lossAndGradient(4)
        #expect(abs(whole - split) <= 1e-5 * abs(whole), "loss \(whole) in one pass, \(split) in 4 micro-batches")
        let scale = g1.map(abs).max()!
        let worst = zip(g1, g4).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-4 * scale, "largest gradient difference \(worst), largest gradient \(scale)")
        // The trainer's default is one pass: bit-identical to computing the loss directly.
        let (again, g1again) = try lossAndGradient(1)
        #expect(again == whole && g1again == g1)
    }
}
