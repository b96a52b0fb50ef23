// Scoring a token-wise prompt (chapter 9). Stage 3's evaluator gives every row of a batch one
// prompt; here each row has its own, built from the rows of the very batch being decoded. So
// this is the evaluator's loop (sorted schema prompt, batches of similar length, greedy decoding
// under the SEL grammar, UIE's scorer) with the prompt made per batch from its own inputs.

import ContinualLoop
import SEL
import T5
import Tensors

public enum TokenPromptScoring {
    /// The evaluation source of each example: the sorted schema prompt, then the sentence.
    static func sources(_ examples: [UIEExample], schemas: TaskSchemas, encoder: SELEncoder) -> [[Int]] {
        let prefix = SchemaPrompt(recordSchema: schemas.record).evaluationPrefix()
        return examples.map { encoder.source(prefix: prefix, text: $0.text) }
    }

    // snippet.per-example-decoding
    /// Generated SEL per example, in input order, and the slots each example read.
    public static func generate(_ prompt: TokenWisePrompt, examples: [UIEExample], schemas: TaskSchemas,
                                vocabulary: Vocabulary, constrained: Bool, batchSize: Int = 32) -> (outputs: [String], slots: [[Int]]) {
        let evaluator = ExtractionEvaluator(model: prompt.model, vocabulary: vocabulary)
        let encoder = evaluator.encoder
        let sources = sources(examples, schemas: schemas, encoder: encoder)
        let grammar = SELGrammar(vocabulary: vocabulary, recordLabels: schemas.record.types,
                                 associationLabels: schemas.record.roles)
        let order = sources.indices.sorted { sources[$0].count < sources[$1].count }
        var outputs = [String](repeating: "", count: examples.count), slots = [[Int]](repeating: [], count: examples.count)
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let batch = Array(order[start..<min(start + batchSize, order.count)])
            let padded = SELEncoder.batch(sources: batch.map { sources[$0] }, targets: [[0]])
            let read = prompt.retrieve(ids: padded.inputIDs, mask: padded.attentionMask)
            let prompts = withNoGrad { prompt.promptInputs(slots: read) }   // row r's prompt is batch[r]'s
            let texts = batch.map { vocabulary.encode(examples[$0].text, addEOS: false) }
            let ids = prompt.model.greedyDecode(padded.inputIDs, attentionMask: padded.attentionMask,
                                                maxNewTokens: encoder.targetLimit, prompts: prompts,
                                                constraint: constrained ? grammar.constraint(texts: texts) : nil)
            for (row, index) in batch.enumerated() {
                outputs[index] = vocabulary.decode(ids[row])
                slots[index] = read[row]
            }
        }
        return (outputs, slots)
    }
    // snippet.end

    /// UIE's headline F1 for the task's kind, scored over all `examples` at once.
    public static func f1(_ prompt: TokenWisePrompt, task: TaskData, examples: [UIEExample], vocabulary: Vocabulary,
                          constrained: Bool) throws -> Double {
        let generated = generate(prompt, examples: examples, schemas: task.spec.schemas, vocabulary: vocabulary,
                                 constrained: constrained).outputs
        return try scoreSEL(generated: generated, gold: examples, schemas: task.spec.schemas,
                            strategy: task.spec.strategy).headlineF1(kind: task.spec.kind)
    }

    /// The slots each example's evaluation input retrieves, without decoding (usage counts and
    /// overlaps need only this; the query is word embeddings, so it costs no forward pass).
    public static func slots(_ prompt: TokenWisePrompt, examples: [UIEExample], schemas: TaskSchemas,
                             vocabulary: Vocabulary) -> [[Int]] {
        let sources = sources(examples, schemas: schemas, encoder: SELEncoder(vocabulary: vocabulary))
        return sources.map { prompt.retrieve(ids: [$0], mask: nil)[0] }
    }
}
