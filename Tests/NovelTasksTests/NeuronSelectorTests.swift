// Selector (c): neuron signatures have the documented size, ignore padding, are reproducible,
// and a copy of a learned task overlaps most with that task's stored signature.

import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Testing

@Suite struct NeuronSelectorTests {
    let fixture = Fixture.shared

    func signature(_ task: TuningTask, mask: String, batchSize: Int = 16) throws -> NeuronSignature {
        try NeuronSignature.record(model: fixture.model, vocabulary: fixture.vocabulary,
                                   prompts: fixture.lottery.inputs(forTask: mask)!, examples: task.dev,
                                   schemas: task.schemas, fraction: Fixture.neuronFraction, batchSize: batchSize)
    }

    @Test("a signature keeps the top fraction of every encoder block, is reproducible, and ignores padding")
    func shape() throws {
        let task = fixture.task("casie")
        let config = fixture.model.config
        let a = try signature(task, mask: "14lap")
        #expect((a.blocks, a.width) == (config.numLayers, config.dFF))
        #expect(a.active.count == config.numLayers * PromptMask.keptCount(keepFraction: Fixture.neuronFraction, of: config.dFF))
        #expect(a.active == a.active.sorted() && a.active.allSatisfy { $0 >= 0 && $0 < config.numLayers * config.dFF })
        #expect(try signature(task, mask: "14lap") == a && a.overlap(a) == 1)
        // One example per batch has no padding at all: padded positions must not have counted.
        #expect(try signature(task, mask: "14lap", batchSize: 1) == a)
    }

    @Test("overlap is intersection over union")
    func jaccard() {
        let a = NeuronSignature(width: 8, blocks: 1, active: [1, 2, 3, 4])
        let b = NeuronSignature(width: 8, blocks: 1, active: [3, 4, 5])
        #expect(a.overlap(b) == 2.0 / 5.0 && b.overlap(a) == a.overlap(b))
        #expect(NeuronSignature(width: 8, blocks: 1, active: []).overlap(NeuronSignature(width: 8, blocks: 1, active: [])) == 1)
    }

    @Test("a stored signature from a model of another shape is refused by name")
    func otherModel() throws {
        let task = fixture.task("ace04")
        var signatures = fixture.signatures
        signatures["ace04"] = NeuronSignature(width: 7, blocks: 3, active: [0])
        #expect(throws: MaskSelectionError.self) {
            try fixture.selector().neurons(task.dev, schemas: task.schemas, signatures: signatures)
        }
    }

    @Test("a copy of each learned task overlaps most with that task's signature", arguments: Fixture.ids)
    func copyPicksItsTask(id: String) throws {
        let task = fixture.task(id)
        let selection = try fixture.selector().select(.neurons, examples: task.dev, schemas: task.schemas,
                                                      signatures: fixture.signatures)
        #expect(selection.pick == id, "\(selection.table)")
        #expect(selection.rule == .highestOverlap && selection.scores.map(\.task) == Fixture.ids)
    }
}
