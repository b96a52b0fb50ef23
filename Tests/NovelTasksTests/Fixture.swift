// Tiny worlds where the right mask is known (lpt-method §10.6).
//
// `Fixture.shared`: three clearly different tasks (NER, ABSA, events), each learned by a lottery
// prompt on its own fixed third of the prompt positions, so the masks are disjoint and each one
// carries only its own task. A novel task that is a copy of a learned one (its dev split, never
// trained on) must be matched to that task's mask by the selectors that read the data itself
// (gold perplexity, neuron overlap).
//
// `Fixture.confidentFirst` / `confidentLast`: the label-free selectors measure confidence. On
// the shared fixture (and on the shipped backbone, tried while writing these tests) they pick
// whichever mask is most confident on *any* input, not the copy's own, so their known case is
// constructed: one mask tuned hard on ace04, the others finished untrained, the novel task a
// copy of ace04, at the first and at the last slot (a pick by position would fail one of them).

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

    static let shared: Fixture = try! make()
    static let confidentFirst: Fixture = try! makeConfident(trainedAt: 0)
    static let confidentLast: Fixture = try! makeConfident(trainedAt: 2)

    /// The three tasks in `ids` order on masks of 2 prompt positions each, tuned 12 epochs at 0.1
    /// on a tiny random T5 (d_model 32), each task's signature recorded as it finishes.
    static func make() throws -> Fixture {
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        let data = ids.map { tinyTask($0) }
        let lottery = disjointLottery(model)
        var signatures: [String: NeuronSignature] = [:]
        for (k, task) in data.enumerated() {
            try learn(task, slot: k, lottery: lottery, model: model, vocabulary: vocabulary, epochs: 12)
            signatures[task.id] = try NeuronSignature.record(model: model, vocabulary: vocabulary,
                                                             prompts: lottery.inputs(forTask: task.id)!,
                                                             examples: task.train, schemas: task.schemas,
                                                             fraction: neuronFraction)
        }
        return Fixture(model: model, vocabulary: vocabulary, lottery: lottery, tasks: data, signatures: signatures)
    }

    /// Slot `trained` learns ace04 hard (45 epochs at rate 0.3); the other two slots finish
    /// untrained, so their θ entries keep the N(0, 0.02²) start: almost no prompt. On ace04's
    /// data only the tuned mask gives the model a sure answer.
    static func makeConfident(trainedAt trained: Int) throws -> Fixture {
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        let lottery = disjointLottery(model)
        let task = tinyTask("ace04")
        for k in 0..<ids.count {
            if k == trained {
                try learn(task, slot: k, lottery: lottery, model: model, vocabulary: vocabulary, epochs: 45, learningRate: 0.3)
            } else {
                lottery.beginTask(from: positionMask(task: k, layout: lottery.layout))
                lottery.finishTask("idle-\(k)")
            }
        }
        return Fixture(model: model, vocabulary: vocabulary, lottery: lottery, tasks: [task], signatures: [:])
    }

    /// 24 training examples (small for test speed); the 8 dev examples are the novel copy.
    static func tinyTask(_ id: String) -> TuningTask {
        TuningTask(Benchmark.generate(Benchmark.task(id)!, options: BenchmarkOptions(trainSize: 24, devSize: 8, testSize: 0)))
    }

    /// A deep lottery prompt of 2 positions per task whose masks never move (score rate 0).
    static func disjointLottery(_ model: T5Model) -> LotteryPrompt {
        var options = LotteryOptions()
        options.keepFraction = 1 / Double(ids.count)
        options.scoreLearningRate = 0
        return LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 2 * ids.count), model: model, options: options)
    }

    /// Tunes `task` on slot `slot`'s fixed mask (the last prompt is kept: no dev scoring).
    static func learn(_ task: TuningTask, slot: Int, lottery: LotteryPrompt, model: T5Model, vocabulary: Vocabulary,
                      epochs: Int, learningRate: Float = 0.1) throws {
        lottery.beginTask(from: positionMask(task: slot, layout: lottery.layout))
        var tuning = PromptTuningOptions()
        (tuning.epochs, tuning.batchSize, tuning.learningRate) = (epochs, 8, learningRate)
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: lottery, task: task, options: tuning)
        for _ in 0..<epochs { _ = try tuner.trainEpoch() }
        lottery.finishTask(task.id)
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
