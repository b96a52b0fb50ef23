// Tiny worlds where the right mask is known (lpt-method §10.6).
//
// `Fixture.shared`: three clearly different tasks (NER, ABSA, events), each learned by a lottery
// prompt on its own fixed third of the prompt positions, so the masks are disjoint and each one
// carries only its own task. A novel task that is a copy of a learned one (its test split, never
// trained on) must be matched to that task's mask by the selectors that look at the data itself
// (gold perplexity, neuron overlap).
//
// `Fixture.confident(trainedAt:)`: the label-free selectors (self-generated perplexity, entropy
// gradient) measure confidence, and a tiny *random* T5 has no task knowledge that would make a
// mask more confident on its own task's inputs than on others' (its prompts shift the output
// much the same way for any input). So their known case is built directly: one mask is tuned
// hard on the task, the others finish untrained (almost no prompt), and the novel task is a
// copy of the tuned one.

import Foundation
import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors

struct Fixture: @unchecked Sendable {   // shared read-only across tests
    let model: T5Model
    let vocabulary: Vocabulary
    let lottery: LotteryPrompt
    /// The novel copy of a task is its dev split: never trained on (trainEpoch does not score dev).
    let tasks: [TuningTask]
    /// Each trained task's neuron signature, recorded on its training data when it finished.
    let signatures: [String: NeuronSignature]

    static let ids = ["ace04", "14lap", "casie"]
    /// The tiny model has one encoder block of 64 neurons: 10% would be 6 neurons, too coarse
    /// for a stable overlap, so the tests use a quarter (16).
    static let neuronFraction = 0.25

    static let shared: Fixture = try! make(trained: [0, 1, 2], epochs: 8, learningRate: 0.1)
    /// Only the first mask is tuned (hard), on ace04; likewise only the last.
    static let confidentFirst: Fixture = try! make(trained: [0], epochs: 30, learningRate: 0.3)
    static let confidentLast: Fixture = try! make(trained: [2], epochs: 30, learningRate: 0.3)

    /// Tasks in `ids` order on masks of 2 prompt positions each; tasks not in `trained` finish
    /// with no training under the id "idle-k". `confident` fixtures tune ace04 at the trained slot.
    static func make(trained: [Int], epochs: Int, learningRate: Float) throws -> Fixture {
        var vocabulary = Benchmark.vocabulary()
        let options = BenchmarkOptions(trainSize: 24, devSize: 8, testSize: 0)   // small for test speed
        var data = ids.map { TuningTask(Benchmark.generate(Benchmark.task($0)!, options: options)) }
        if trained.count == 1 { data.swapAt(0, trained[0]) }   // ace04 goes to the one trained slot
        if let c = ProcessInfo.processInfo.environment["CONST"], trained.count == 1 {
            let t = data[trained[0]]
            func fix(_ xs: [UIEExample]) -> [UIEExample] { xs.map { var e = $0; e.record = c; return e } }
            data[trained[0]] = TuningTask(id: t.id, kind: t.kind, schemas: t.schemas, strategy: t.strategy, train: fix(t.train), dev: fix(t.dev))
        }
        var model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        if ProcessInfo.processInfo.environment["BB"] != nil { (model, vocabulary) = try Backbone.load() }
        if trained.count == 1, let k = Float(ProcessInfo.processInfo.environment["SHARP"] ?? "") {
            model.decoderFinalNorm.data = model.decoderFinalNorm.data.map { $0 * k }
        }
        let layout = PromptLayout(.deep, for: model.config, length: 2 * ids.count)
        var lotteryOptions = LotteryOptions()
        lotteryOptions.keepFraction = 1 / Double(ids.count)
        lotteryOptions.scoreLearningRate = 0        // the masks stay exactly as constructed
        let lottery = LotteryPrompt(layout: layout, model: model, options: lotteryOptions)
        var tuning = PromptTuningOptions()
        (tuning.epochs, tuning.batchSize, tuning.learningRate) = (Int(ProcessInfo.processInfo.environment["EP"] ?? "\(epochs)")!, 8, Float(ProcessInfo.processInfo.environment["LR"] ?? "\(learningRate)")!)
        var signatures: [String: NeuronSignature] = [:]
        for (k, task) in data.enumerated() {
            lottery.beginTask(from: positionMask(task: k, layout: layout))
            guard trained.contains(k) else { lottery.finishTask("idle-\(k)"); continue }
            let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: lottery, task: task, options: tuning)
            for _ in 0..<tuning.epochs { _ = try tuner.trainEpoch() }   // no dev scoring: the last prompt is kept
            lottery.finishTask(task.id)
            signatures[task.id] = try NeuronSignature.record(model: model, vocabulary: vocabulary,
                                                                  prompts: lottery.inputs(forTask: task.id)!,
                                                                  examples: task.train, schemas: task.schemas,
                                                                  fraction: neuronFraction)
        }
        return Fixture(model: model, vocabulary: vocabulary, lottery: lottery, tasks: data, signatures: signatures)
    }

    /// Task k owns prompt positions k, k + 3, … in every layer's key and value prefix.
    static func positionMask(task k: Int, layout: PromptLayout) -> PromptMask {
        let (n, width) = (layout.shape[2], layout.shape[3])   // [layers, 2, n, width]
        return PromptMask((0..<layout.parameterCount).map { j in (j / width) % n % ids.count == k })
    }

    func task(_ id: String) -> TuningTask { tasks.first { $0.id == id }! }

    func selector(_ configure: (inout SelectorOptions) -> Void = { _ in }) throws -> MaskSelector {
        var options = SelectorOptions()
        options.maxNewTokens = 24      // small for test speed
        options.neuronFraction = Fixture.neuronFraction
        configure(&options)
        return try MaskSelector(model: model, vocabulary: vocabulary, lottery: lottery, options: options)
    }
}
