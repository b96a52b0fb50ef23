// `lpt backbone train --d-model/--heads/--layers` (chapter 8's second backbone): the trainer builds
// the shape it is given, with the vocabulary's size, and trains it.

import Foundation
import SEL
import T5
import Testing

@Suite struct BackboneArchitectureTests {
    @Test func trainerBuildsAndStepsAnotherShape() throws {
        let vocabulary = Benchmark.vocabulary()
        var shape = T5Config.kitBackbone(vocabularySize: 0)
        (shape.dModel, shape.numHeads, shape.dKV, shape.dFF, shape.numLayers, shape.numDecoderLayers) = (48, 2, 24, 96, 1, 3)
        var options = BackboneOptions()
        (options.steps, options.batchSize, options.warmupSteps) = (2, 4, 1)
        let trainer = try BackboneTrainer(vocabulary: vocabulary, options: options, heldOut: [], architecture: shape)
        #expect(trainer.model.config.dModel == 48)
        #expect(trainer.model.config.vocabSize == vocabulary.count)
        #expect(trainer.model.config.numDecoderLayers == 3)
        var losses: [Float] = []
        try trainer.run(checkpointFolder: nil) { _, loss in losses.append(loss) }
        #expect(losses.count == 2 && losses.allSatisfy(\.isFinite))
        // Without a shape the trainer builds the kit's backbone, as before.
        let kit = try BackboneTrainer(vocabulary: vocabulary, options: options, heldOut: [])
        #expect(kit.model.config.dModel == T5Config.kitBackbone(vocabularySize: 0).dModel)
    }
}
