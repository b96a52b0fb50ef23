// Selector (a): its NLL is the model's own loss, batches are token-weighted, label-free targets
// are the mask's greedy output, and a copy of a learned task picks that task's mask.

import Foundation
import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

@Suite struct PerplexitySelectorTests {
    let fixture = Fixture.shared

    /// The novel examples as one batch, encoded the way evaluation encodes them.
    func batch(_ task: TuningTask, targets: [[Int]]? = nil) -> T5Batch {
        let encoder = SELEncoder(vocabulary: fixture.vocabulary)
        let prefix = SchemaPrompt(recordSchema: task.schemas.record).evaluationPrefix()
        return SELEncoder.batch(sources: task.dev.map { encoder.source(prefix: prefix, text: $0.text) },
                                targets: targets ?? task.dev.map { encoder.target($0.record) })
    }

    func loss(_ batch: T5Batch, _ prompts: PromptInputs) throws -> Float {
        try withNoGrad {
            let encoded = fixture.model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
            let logits = fixture.model.decode(fixture.model.shiftRight(batch.labels), encoder: encoded, prompts: prompts)
            return try fixture.model.loss(logits: logits, labels: batch.labels).item
        }
    }

    @Test("the mean NLL equals model.loss on the same batch, and the score is its exp")
    func nllIsTheModelLoss() throws {
        let task = fixture.task("14lap")
        let selector = try fixture.selector { $0.batchSize = 64 }   // one batch
        let prompts = fixture.lottery.inputs(forTask: "ace04")!
        let expected = try loss(batch(task), prompts)
        let nll = try selector.meanNLL(task.dev, schemas: task.schemas, prompts: prompts)
        #expect(Float(nll) == expected)
        let selection = try selector.perplexity(task.dev, schemas: task.schemas)
        #expect(abs(selection.scores[0].score - Foundation.exp(nll)) < 1e-9 * selection.scores[0].score)
    }

    @Test("small batches weigh every token once: the same mean as one big batch")
    func tokenWeighted() throws {
        let task = fixture.task("casie")
        let prompts = fixture.lottery.inputs(forTask: "casie")!
        let one = try fixture.selector { $0.batchSize = 64 }.meanNLL(task.dev, schemas: task.schemas, prompts: prompts)
        let many = try fixture.selector { $0.batchSize = 3 }.meanNLL(task.dev, schemas: task.schemas, prompts: prompts)
        #expect(abs(one - many) < 1e-5 * one)
    }

    @Test("label-free targets are the mask's own greedy output, cut after </s>")
    func selfGeneratedTargets() throws {
        let task = fixture.task("ace04")
        let selector = try fixture.selector { $0.batchSize = 64; $0.targets = .selfGenerated }
        let prompts = fixture.lottery.inputs(forTask: "14lap")!
        let sources = batch(task)
        let decoded = fixture.model.greedyDecode(sources.inputIDs, attentionMask: sources.attentionMask,
                                                 maxNewTokens: selector.options.maxNewTokens, prompts: prompts)
        let targets = decoded.map { row -> [Int] in
            let tokens = Array(row.dropFirst())
            return tokens.firstIndex(of: Vocabulary.eos).map { Array(tokens[...$0]) } ?? tokens
        }
        let expected = try loss(batch(task, targets: targets), prompts)
        #expect(Float(try selector.meanNLL(task.dev, schemas: task.schemas, prompts: prompts)) == expected)
    }

    @Test("gold targets: a copy of each learned task picks that task's mask", arguments: Fixture.ids)
    func copyPicksItsTask(id: String) throws {
        let task = fixture.task(id)
        let selection = try fixture.selector().perplexity(task.dev, schemas: task.schemas)
        #expect(selection.pick == id, "\(selection.table)")
        #expect(selection.rule == .lowestPerplexity && selection.scores.map(\.task) == Fixture.ids)
    }
}
