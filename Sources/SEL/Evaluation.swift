// Running a model on a split and scoring it (chapter 3): the evaluation prompt (sorted schema),
// greedy decoding (optionally constrained by the SEL grammar), then the parser, offset matching
// and UIE's scorer. Every later stage evaluates through this one path.

import Foundation
import T5
import Tensors

public struct ExtractionEvaluator {
    public let model: T5Model
    public let encoder: SELEncoder
    public var batchSize = 32

    public init(model: T5Model, vocabulary: Vocabulary, sourceLimit: Int = 128, targetLimit: Int = 128) {
        self.model = model
        encoder = SELEncoder(vocabulary: vocabulary, sourceLimit: sourceLimit, targetLimit: targetLimit)
    }

    // snippet.generate
    /// The generated SEL string of each example, in input order. Examples are decoded in
    /// batches of similar length, so little time goes to padding.
    public func generate(_ examples: [UIEExample], schemas: TaskSchemas, constrained: Bool = false,
                         prompts: PromptInputs = .none, progress: ((Int) -> Void)? = nil) -> [String] {
        let prefix = SchemaPrompt(recordSchema: schemas.record).evaluationPrefix()
        let sources = examples.map { encoder.source(prefix: prefix, text: $0.text) }
        let grammar = SELGrammar(vocabulary: encoder.vocabulary, recordLabels: schemas.record.types,
                                 associationLabels: schemas.record.roles)
        let order = sources.indices.sorted { sources[$0].count < sources[$1].count }
        var outputs = [String](repeating: "", count: examples.count)
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let batch = Array(order[start..<min(start + batchSize, order.count)])
            let padded = SELEncoder.batch(sources: batch.map { sources[$0] }, targets: [[0]])
            let texts = batch.map { encoder.vocabulary.encode(examples[$0].text, addEOS: false) }
            let ids = model.greedyDecode(padded.inputIDs, attentionMask: padded.attentionMask,
                                         maxNewTokens: encoder.targetLimit, prompts: prompts,
                                         constraint: constrained ? grammar.constraint(texts: texts) : nil)
            for (row, index) in batch.enumerated() { outputs[index] = encoder.vocabulary.decode(ids[row]) }
            progress?(min(start + batchSize, order.count))
        }
        return outputs
    }
    // snippet.end

    /// Generates and scores `examples` of a task.
    public func evaluate(_ examples: [UIEExample], schemas: TaskSchemas, strategy: OffsetStrategy = .closest,
                         constrained: Bool = false, prompts: PromptInputs = .none) throws -> ScoreReport {
        let generated = generate(examples, schemas: schemas, constrained: constrained, prompts: prompts)
        return try scoreSEL(generated: generated, gold: examples, schemas: schemas, strategy: strategy)
    }
}

extension TaskSpec {
    /// UIE's mapping strategy for the dataset this task stands for (`first` only for CoNLL03).
    public var strategy: OffsetStrategy { firstStrategy ? .first : .closest }
}
