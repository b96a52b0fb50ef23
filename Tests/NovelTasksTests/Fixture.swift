// A tiny world where the right mask is known: three clearly different tasks (NER, ABSA, events),
// each learned by a lottery prompt on its own fixed third of the prompt positions, so the masks
// are disjoint and each one carries only its own task. A novel task that is a copy of a learned
// one (its test split, never trained on) must then be matched to that task's mask
// (lpt-method §10.6).

import Foundation
import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors

struct Fixture: @unchecked Sendable {
    let model: T5Model
    let vocabulary: Vocabulary
    let lottery: LotteryPrompt
    let tasks: [TaskData]
    /// Each task's neuron signature, recorded on its training data when it finished.
    let signatures: [String: NeuronSignature]

    static let ids = ["ace04", "14lap", "casie"]
    /// Prompt positions per task (small for test speed): 3 tasks × 2 positions.
    static let positionsPerTask = 2

    /// Built once per test process: every suite that needs learned masks shares it (read only).
    static let shared: Fixture = try! make()

    static func make() throws -> Fixture {
        let vocabulary = Benchmark.vocabulary()
        let data = ids.map { Benchmark.generate(Benchmark.task($0)!, options: BenchmarkOptions(trainSize: 24, devSize: 4, testSize: 8)) }
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        let length = ids.count * positionsPerTask
        let layout = PromptLayout(.deep, for: model.config, length: length)
        var options = LotteryOptions()
        options.keepFraction = 1 / Double(ids.count)
        options.scoreLearningRate = 0        // the masks stay exactly as constructed
        let lottery = LotteryPrompt(layout: layout, model: model, options: options)
        var tuning = PromptTuningOptions()
        (tuning.epochs, tuning.batchSize, tuning.learningRate) = (8, 8, 0.1)
        var signatures: [String: NeuronSignature] = [:]
        for (k, task) in data.enumerated() {
            lottery.beginTask(from: positionMask(task: k, layout: layout))
            let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: lottery, task: TuningTask(task), options: tuning)
            for _ in 0..<tuning.epochs { _ = try tuner.trainEpoch() }
            lottery.finishTask(task.spec.id)
            signatures[task.spec.id] = try NeuronSignature.record(model: model, vocabulary: vocabulary,
                                                                  prompts: lottery.inputs(forTask: task.spec.id)!,
                                                                  examples: task.train, schemas: task.spec.schemas)
        }
        return Fixture(model: model, vocabulary: vocabulary, lottery: lottery, tasks: data, signatures: signatures)
    }

    /// Task k owns prompt positions k, k + T, k + 2T, … in every layer's key and value prefix.
    static func positionMask(task k: Int, layout: PromptLayout) -> PromptMask {
        let shape = layout.shape   // [layers, 2, n, width]
        let (n, width) = (shape[2], shape[3])
        return PromptMask((0..<layout.parameterCount).map { j in (j / width) % n % ids.count == k })
    }

    func selector(_ configure: (inout SelectorOptions) -> Void = { _ in }) throws -> MaskSelector {
        var options = SelectorOptions()
        options.maxNewTokens = 24      // small for test speed
        configure(&options)
        return try MaskSelector(model: model, vocabulary: vocabulary, lottery: lottery, options: options)
    }
}
