// The projector's task tuning (chapter 8): a source prompt of one model, through the projector, is a
// prompt of another model of another width; a loss on the target model reaches the projector's
// weights and nothing else, and plain steps on that loss lower it.

import PromptTransfer
import SoftPrompts
import T5
import Tensors
import Testing

@Suite struct ProjectedPromptTests {
    /// Two tiny models that differ in width (source 16, target 32), same depth.
    func models() -> (source: T5Model, target: T5Model) {
        var narrow = T5Config.testSize(vocabularySize: 20)
        (narrow.dModel, narrow.dKV, narrow.dFF) = (16, 4, 32)
        return (T5Model(config: narrow, seed: 3), T5Model(config: T5Config.testSize(vocabularySize: 20), seed: 4))
    }

    func loss(_ model: T5Model, _ prompt: ProjectedPrompt) throws -> Tensor {
        let batch = T5Batch(inputIDs: [[5, 6, 7, 1], [8, 9, 1, 0]], attentionMask: [[1, 1, 1, 1], [1, 1, 1, 0]],
                            labels: [[10, 11, 1], [12, 1, -100]])
        return try batchLoss(model: model, prompts: prompt.promptInputs(), batch: batch, microBatches: 1)
    }

    @Test func projectedPromptTrainsOnlyTheProjector() throws {
        let (source, target) = models()
        let (from, to) = (PromptLayout(.deep, for: source.config, length: 3), PromptLayout(.deep, for: target.config, length: 3))
        var rng = SeededGenerator(seed: 9)
        let values = (0..<from.parameterCount).map { _ in Float(rng.nextNormal()) }
        let projector = PromptProjector(ProjectorWeights(inWidth: from.width, hidden: 8, outWidth: to.width, seed: 1))
        let prompt = try ProjectedPrompt(source: values, sourceLayout: from, layout: to, projector: projector, learningRate: 0.01)
        #expect(prompt.projected().shape == to.shape)
        // The projection without gradients is the same map.
        let plain = try ProjectedPrompt.project(values, sourceLayout: from, layout: to, projector: projector)
        #expect(plain == prompt.projected().data)

        for p in target.parameters { p.requiresGrad = false }
        var losses: [Float] = []
        for _ in 0..<15 {
            for group in prompt.parameterGroups(learningRate: 0) { for t in group.tensors { t.grad = nil } }
            let l = try loss(target, prompt)
            l.backward()
            losses.append(l.item)
            for group in prompt.parameterGroups(learningRate: 0) {
                for t in group.tensors {
                    let g = try #require(t.grad)
                    let finite = g.allSatisfy { $0.isFinite }
                    #expect(finite)
                    t.data = zip(t.data, g).map { $0 - 0.05 * $1 }
                }
            }
        }
        let untouched = target.parameters.allSatisfy { $0.grad == nil }
        #expect(untouched)
        #expect(losses.last! < losses.first!)
        #expect(prompt.state.map(\.name) == ["projector.w1", "projector.b1", "projector.w2", "projector.b2"])
    }

    @Test func layoutsOfAnotherDepthOrWidthAreRefused() throws {
        let (source, target) = models()
        let to = PromptLayout(.deep, for: target.config, length: 3)
        var deeper = source.config
        deeper.numLayers = 2
        let from = PromptLayout(.deep, for: deeper, length: 3)
        let projector = PromptProjector(ProjectorWeights(inWidth: from.width, hidden: 4, outWidth: to.width, seed: 1))
        #expect(throws: TransferError.self) {
            _ = try ProjectedPrompt(source: [Float](repeating: 0, count: from.parameterCount), sourceLayout: from, layout: to,
                                projector: projector, learningRate: 0.01)
        }
        let sameDepth = PromptLayout(.deep, for: source.config, length: 3)
        let wrongWidth = PromptProjector(ProjectorWeights(inWidth: sameDepth.width + 1, hidden: 4, outWidth: to.width, seed: 1))
        #expect(throws: TransferError.self) {
            _ = try ProjectedPrompt.project([Float](repeating: 0, count: sameDepth.parameterCount), sourceLayout: sameDepth, layout: to, projector: wrongWidth)
        }
    }
}
