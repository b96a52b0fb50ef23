// The target tasks (chapter 9's second stage): each arm prompts a low-data task its own way,
// keeps its best dev state and is scored on test. Plain prompts score through stage 3's
// evaluator; token-wise prompts through `TokenPromptScoring`, which retrieves per example.

import ContinualLoop
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public struct ArmScore: Codable, Equatable, Sendable {
    public let target: String
    public let arm: TargetArm
    public let seed: UInt64
    public let devF1: Double, testF1: Double
    public let seconds: Double
    public init(target: String, arm: TargetArm, seed: UInt64, devF1: Double, testF1: Double, seconds: Double) {
        (self.target, self.arm, self.seed, self.devF1, self.testF1, self.seconds) = (target, arm, seed, devF1, testF1, seconds)
    }
}

// snippet.make-arm
/// The tunable an arm trains on a target task, and how it is scored on a set of examples.
public func makeArm(_ arm: TargetArm, model: T5Model, vocabulary: Vocabulary, stage: SourceStage,
                    options: TokenPromptOptions, seed: UInt64) -> (tunable: TunablePrompt, score: (TaskData, [UIEExample]) throws -> Double) {
    func plain(_ prompt: SoftPrompt) -> (TunablePrompt, (TaskData, [UIEExample]) throws -> Double) {
        (prompt, { task, examples in
            try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: examples,
                           prompts: withNoGrad { prompt.promptInputs() }, constrained: true)
        })
    }
    func tokenWise(bank: PromptBank, pooling: QueryPooling = .max, choice: SlotChoice = .topK) -> (TunablePrompt, (TaskData, [UIEExample]) throws -> Double) {
        let task = SoftPrompt(layout: options.taskLayout(for: model.config), model: model, initialization: .copy(stage.sharedPrompt))
        let prompt = TokenWisePrompt(model: model, bank: bank, taskPrompt: task, k: options.retrieved,
                                     pooling: pooling, choice: choice, seed: seed)
        prompt.centre = stage.centres[pooling]
        return (prompt, { task, examples in
            try TokenPromptScoring.f1(prompt, task: task, examples: examples, vocabulary: vocabulary, constrained: true)
        })
    }
    let layout = options.plainLayout(for: model.config)
    switch arm {
    case .scratch: return plain(SoftPrompt(layout: layout, model: model, initialization: .random(std: 0.02), seed: seed))
    case .multitaskStart: return plain(SoftPrompt(layout: layout, model: model, initialization: .copy(stage.plainPrompt)))
    case .tptFrozen: return tokenWise(bank: stage.bank)
    case .tptTuned:
        let own = stage.bank.copy()   // this task's own bank, tuned from the shared one
        own.trainable = true
        return tokenWise(bank: own)
    case .tptRandom: return tokenWise(bank: stage.bank, choice: .random)
    case .tptMean: return tokenWise(bank: stage.bank, pooling: .mean)
    }
}
// snippet.end

/// Trains one arm on `task` with `seed`, keeps its best dev state, scores test.
public func runArm(_ arm: TargetArm, task: TaskData, model: T5Model, vocabulary: Vocabulary, stage: SourceStage,
                   options: TokenPromptOptions, seed: UInt64) throws -> ArmScore {
    let start = Date()
    let (tunable, score) = makeArm(arm, model: model, vocabulary: vocabulary, stage: stage, options: options, seed: seed)
    let tuning = options.tuning(epochs: options.targetEpochs, seed: seed, devEvery: options.devEvery)
    let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: tunable, task: TuningTask(task), options: tuning)
    let dev = Array(task.dev.prefix(options.devLimit))
    tuner.devScorer = { try score(task, dev) }
    try tuner.run()
    let test = try score(task, Array(task.test.prefix(options.testLimit)))
    return ArmScore(target: task.spec.id, arm: arm, seed: seed, devF1: tuner.bestF1, testF1: test,
                    seconds: Date().timeIntervalSince(start))
}
