// Building the bank (chapter 9's first stage): the bank and a shared task prompt train together
// on the union of the source tasks; a plain prompt of the same input length trains on the same
// union for the multitask-start arm. The backbone stays frozen.
//
// Batching: TPT draws one task per batch, tasks in proportion to their size. Here each batch is
// a shuffled mix of every source task's sentences, each keeping its own task's schema prompt,
// which is what the prompt tuner does with a multi-task union (chapter 6's upper bounds). With
// equal-sized sources, a task's expected share of a batch is its share under size-proportional
// sampling; mixing is possible at all because every row reads its own slots.
// TPT's first stage also trains the bank alone ([retrieved; input]); here the shared task prompt
// trains beside it, so the target arms can start their task prompt from it.

import ContinualLoop
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

/// What the source stage hands to the target tasks.
public struct SourceStage {
    /// Trained on the sources; frozen from here on (arms that tune it tune a copy).
    public let bank: PromptBank
    /// The task prompt trained beside the bank (n positions of `options.placement`), where every
    /// TPT arm's task prompt starts.
    public let sharedPrompt: [Float]
    /// The plain prompt of k + n positions trained on the same union (the multitask-start arm).
    public let plainPrompt: [Float]
    /// Mean dev F1 over the sources after training: with the bank, and with the plain prompt.
    public let bankDevF1: Double, plainDevF1: Double
    public let seconds: Double
    /// The mean query of the sources' training inputs, per pooling, when queries are centred
    /// (`TokenPromptOptions.centredQuery`); empty otherwise.
    public let centres: [QueryPooling: [Float]]
}

/// The mean pooled query over the training sentences of `tasks`, each in its evaluation form
/// (sorted schema prompt, then sentence).
public func meanQuery(model: T5Model, vocabulary: Vocabulary, tasks: [TaskData], pooling: QueryPooling) -> [Float] {
    let encoder = SELEncoder(vocabulary: vocabulary)
    let ids = tasks.flatMap { TokenPromptScoring.sources($0.train, schemas: $0.spec.schemas, encoder: encoder) }
    let queries = Retrieval.queries(table: model.shared, ids: ids, mask: nil, pooling: pooling)
    var sum = [Double](repeating: 0, count: model.config.dModel)
    for q in queries { for j in sum.indices { sum[j] += Double(q[j]) } }
    return sum.map { Float($0 / Double(max(queries.count, 1))) }
}

extension TokenPromptOptions {
    func tuning(epochs: Int, seed: UInt64, devEvery: Int?) -> PromptTuningOptions {
        var t = PromptTuningOptions()
        (t.epochs, t.batchSize, t.learningRate, t.seed) = (epochs, batchSize, learningRate, seed)
        (t.devLimit, t.devEvery, t.constrained) = (devLimit, devEvery, true)
        t.microBatches = ExperimentOptions().microBatches   // as the main job; each group keeps its rows' prompts
        return t
    }
}

// snippet.source-stage
/// Trains the bank with a shared task prompt, then a plain prompt, on the union of `sources`.
/// Dev is scored once, after the last epoch (mean F1 over the sources).
public func buildBank(model: T5Model, vocabulary: Vocabulary, sources: [TaskData], options: TokenPromptOptions,
                      report: ((String) -> Void)? = nil) throws -> SourceStage {
    let start = Date()
    let union = TuningTask(id: "sources", kind: sources[0].spec.kind, schemas: sources[0].spec.schemas,
                           strategy: sources[0].spec.strategy, train: sources.flatMap(\.train),
                           dev: sources.flatMap { $0.dev.prefix(options.devLimit) },
                           trainSchemas: sources.flatMap { t in t.train.map { _ in t.spec.schemas.record } })
    let tuning = options.tuning(epochs: options.sourceEpochs, seed: 1, devEvery: options.sourceEpochs)
    let devSets = sources.map { Array($0.dev.prefix(options.devLimit)) }

    let bank = PromptBank(size: options.bankSize, model: model, initialization: .vocabulary, seed: 11)
    bank.trainable = true
    let shared = SoftPrompt(layout: options.taskLayout(for: model.config), model: model, initialization: .random(std: 0.02), seed: 23)
    let tpt = TokenWisePrompt(model: model, bank: bank, taskPrompt: shared, k: options.retrieved)
    let centres = options.centredQuery
        ? Dictionary(uniqueKeysWithValues: QueryPooling.allCases.map { ($0, meanQuery(model: model, vocabulary: vocabulary, tasks: sources, pooling: $0)) })
        : [:]
    tpt.centre = centres[.max]
    let bankTuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: tpt, task: union, options: tuning)
    bankTuner.devScorer = {
        mean(try zip(sources, devSets).map { try TokenPromptScoring.f1(tpt, task: $0, examples: $1, vocabulary: vocabulary, constrained: true) })
    }
    try bankTuner.run(report: { report?(String(format: "bank + shared prompt, epoch %d: loss %.3f", $0.epoch, $0.trainLoss)) })
    bank.trainable = false

    let plain = SoftPrompt(layout: options.plainLayout(for: model.config), model: model, seed: 5)
    let plainTuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: plain, task: union, options: tuning)
    plainTuner.devScorer = {
        let prompts = withNoGrad { plain.promptInputs() }
        return mean(try zip(sources, devSets).map {
            try headlineF1(model: model, vocabulary: vocabulary, task: $0, examples: $1, prompts: prompts, constrained: true)
        })
    }
    try plainTuner.run(report: { report?(String(format: "plain multi-task prompt, epoch %d: loss %.3f", $0.epoch, $0.trainLoss)) })

    return SourceStage(bank: bank, sharedPrompt: shared.values.data, plainPrompt: plain.values.data,
                       bankDevF1: bankTuner.bestF1, plainDevF1: plainTuner.bestF1, seconds: Date().timeIntervalSince(start),
                       centres: centres)
}
// snippet.end
