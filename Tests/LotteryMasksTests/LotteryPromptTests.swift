// Lottery prompts learned in sequence on a tiny model: earlier tasks' outputs stay bit-identical,
// the union only grows, one update moves θ and s by their configured rates, scores start as
// documented, and the learned state saves and loads.

import Foundation
import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

/// Tiny tasks over the benchmark vocabulary (small for test speed) and a tiny model.
func tinyTasks(_ ids: [String]) -> (T5Model, Vocabulary, [TuningTask]) {
    let vocabulary = Benchmark.vocabulary()
    var options = BenchmarkOptions()
    (options.trainSize, options.devSize, options.testSize) = (16, 4, 4)
    let tasks = ids.map { TuningTask(Benchmark.generate(Benchmark.task($0)!, options: options)) }
    return (T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3), vocabulary, tasks)
}

func tinyOptions() -> PromptTuningOptions {
    var o = PromptTuningOptions()
    (o.epochs, o.batchSize, o.devLimit) = (1, 8, 4)
    return o
}

/// Logits of a fixed batch of `task` under `prompts`.
func logits(_ model: T5Model, _ vocabulary: Vocabulary, _ task: TuningTask, _ prompts: PromptInputs) -> [Float] {
    let encoder = SELEncoder(vocabulary: vocabulary)
    let prefix = SchemaPrompt(recordSchema: task.schemas.record).evaluationPrefix()
    let batch = SELEncoder.batch(sources: task.dev.map { encoder.source(prefix: prefix, text: $0.text) },
                                 targets: task.dev.map { encoder.target($0.record) })
    return withNoGrad {
        let encoded = model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
        return model.decode(model.shiftRight(batch.labels), encoder: encoded, prompts: prompts).data
    }
}

@Suite struct LotteryPromptTests {
    @Test("after learning tasks 2 and 3, task 1's (and 2's) logits are bit-identical to when they were learned")
    func earlierTasksUnchanged() throws {
        let (model, vocabulary, tasks) = tinyTasks(["14lap", "ace04", "conll04"])
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model)
        var recorded: [String: [Float]] = [:]
        var unions: [PromptMask] = [lottery.owned]
        for task in tasks {
            lottery.beginTask()
            let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: lottery, task: task, options: tinyOptions())
            try tuner.run()
            lottery.finishTask(task.id)
            recorded[task.id] = logits(model, vocabulary, task, lottery.inputs(forTask: task.id)!)
            unions.append(lottery.owned)
            for earlier in tasks.prefix { $0.id != task.id } where recorded[earlier.id] != nil {
                #expect(bitDifference(logits(model, vocabulary, earlier, lottery.inputs(forTask: earlier.id)!), recorded[earlier.id]) == nil)
            }
        }
        for (a, b) in zip(unions, unions.dropFirst()) { #expect(a.subtracting(b).popcount == 0) }   // only grows
        #expect(unions.last!.popcount > unions[1].popcount)
    }

    @Test("one step: selected free entries of θ move by the prompt rate, scores by the score rate; owned entries do not move")
    func oneStepRates() throws {
        let (model, vocabulary, tasks) = tinyTasks(["14lap", "ace04"])
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model)
        lottery.beginTask()
        lottery.finishTask("pretend-earlier")                     // owns the initial top 30%
        lottery.beginTask()
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: lottery, task: tasks[1], options: tinyOptions())
        let (theta, scores, mask, owned) = (lottery.values.data, lottery.scores.data, lottery.currentMask, lottery.owned)
        _ = try tuner.step(tuner.batches(epoch: 0)[0], learningRateScale: 1)
        // Adam's first step moves an entry by rate · |g| / (|g| + 1e-8): about the rate itself
        // unless the gradient is tiny.
        func expected(_ rate: Float, _ g: Float) -> Float { rate * abs(g) / (abs(g) + 1e-8) }
        let gTheta = try #require(lottery.values.grad), gScore = try #require(lottery.scores.grad)
        var movedFree = 0
        for j in 0..<theta.count {
            let dTheta = abs(lottery.values.data[j] - theta[j]), dScore = abs(lottery.scores.data[j] - scores[j])
            if owned[j] || !mask[j] {
                #expect(dTheta == 0 && gTheta[j] == 0)
            } else {
                if gTheta[j] != 0 { movedFree += 1 }
                #expect(abs(dTheta - expected(tinyOptions().learningRate, gTheta[j])) < 1e-5)
            }
            #expect(abs(dScore - expected(LotteryOptions().scoreLearningRate, gScore[j])) < 1e-5)
        }
        #expect(movedFree > 0)
    }

    @Test("scores are reproducible per task index; starting from a mask gives that mask back")
    func scoreInitialization() {
        let model = T5Model(config: T5Config.testSize(vocabularySize: 50), seed: 1)
        let layout = PromptLayout(.deep, for: model.config, length: 4)
        let a = LotteryPrompt(layout: layout, model: model), b = LotteryPrompt(layout: layout, model: model)
        #expect(a.scores.data == b.scores.data)
        #expect(a.scores.data.allSatisfy { abs($0) <= 0.01 })
        let target = PromptMask.top(keepFraction: 0.3, of: (0..<layout.parameterCount).map { Float(($0 * 7919) % 1000) })
        a.beginTask(from: target)
        #expect(a.currentMask == target)
    }

    @Test("a new task starts on free entries (owned scores start lower by the offset); with offset 0 it starts on a random share of owned ones")
    func ownedScoreOffset() {
        let model = T5Model(config: T5Config.testSize(vocabularySize: 50), seed: 1)
        let layout = PromptLayout(.deep, for: model.config, length: 4)
        #expect(LotteryOptions().ownedScoreOffset == 10)
        for (offset, expectOverlap) in [(Float(10), false), (Float(1), false), (Float(0), true)] {
            var options = LotteryOptions()
            options.ownedScoreOffset = offset
            let lottery = LotteryPrompt(layout: layout, model: model, options: options)
            lottery.finishTask("a")          // owns 30%; 70% is free, more than the 30% a task keeps
            lottery.beginTask()
            let overlap = lottery.currentMask.intersection(lottery.owned).popcount
            #expect((overlap > 0) == expectOverlap, "offset \(offset): \(overlap) owned entries in the first mask")
            // Starting from a borrowed mask ignores the offset: the mask comes back as it was.
            let borrowed = lottery.masks[0].mask
            lottery.beginTask(from: borrowed)
            #expect(lottery.currentMask == borrowed)
        }
    }

    @Test("the learned state saves and loads: θ, masks in order, union; a damaged mask file is named")
    func saveLoad() throws {
        let folder = temporaryFolder("lottery")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = T5Model(config: T5Config.testSize(vocabularySize: 50), seed: 1)
        let layout = PromptLayout(.deep, for: model.config, length: 4)
        let lottery = LotteryPrompt(layout: layout, model: model)
        lottery.finishTask("a")
        lottery.scores.data = lottery.scores.data.map { -$0 }
        lottery.finishTask("b")
        try lottery.save(to: folder)
        var options = LotteryOptions()
        options.seed = 77
        let loaded = LotteryPrompt(layout: layout, model: model, options: options)
        try loaded.load(from: folder)
        #expect(bitDifference(loaded.values.data, lottery.values.data) == nil)
        #expect(loaded.masks.map(\.task) == ["a", "b"] && loaded.masks.map(\.mask) == lottery.masks.map(\.mask))
        #expect(loaded.owned == lottery.owned)
        let file = folder.appendingPathComponent("mask-02-b.bits")
        try Data("LPTMASK1".utf8).write(to: file)
        #expect { try loaded.load(from: folder) } throws: { "\($0)".contains("mask-02-b.bits") }
    }
}

func temporaryFolder(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lpt-\(name)-\(UUID().uuidString)")
}

/// nil when `a` and `b` are bit-identical, else how they differ in one line. (`#expect(a == b)`
/// on arrays of thousands of floats makes the test library compute an edit script between them,
/// which takes minutes; this keeps a failure quick and readable.)
func bitDifference(_ a: [Float], _ b: [Float]?) -> String? {
    guard let b else { return "nothing to compare with" }
    guard a.count == b.count else { return "\(a.count) values against \(b.count)" }
    let differing = a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }
    guard let first = differing.first else { return nil }
    let largest = differing.map { abs(a[$0] - b[$0]) }.max() ?? 0
    return "\(differing.count) of \(a.count) values differ (first at \(first): \(a[first]) vs \(b[first]); largest |difference| \(largest))"
}
