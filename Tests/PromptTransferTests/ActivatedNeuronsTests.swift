// ON on a tiny random T5: the pattern is a pure function of the prompt, its cosine is the binary
// cosine, and it reads the decoder's feed-forward neurons at the first step, nothing else.

import Foundation
import PromptTransfer
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

@Suite struct ActivatedNeuronsTests {
    @Test func binaryCosineByHand() {
        let a = ActivationPattern(blocks: 1, width: 4, on: [true, true, false, false])
        let b = ActivationPattern(blocks: 1, width: 4, on: [true, false, true, false])
        let c = ActivationPattern(blocks: 1, width: 4, on: [true, true, true, true])
        let none = ActivationPattern(blocks: 1, width: 4, on: [false, false, false, false])
        #expect(a.cosine(b) == 0.5)                              // 1 / √(2·2)
        #expect(abs(a.cosine(c) - 2 / 8.0.squareRoot()) < 1e-12)  // 2 / √(2·4)
        #expect(a.cosine(a) == 1 && none.cosine(none) == 1 && a.cosine(none) == 0)
    }

    @Test("ON on a tiny model: deterministic, in [-1, 1], and a function of the prompt")
    func onTinyModel() throws {
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 31)   // small for test speed
        let layout = PromptLayout(.deep, for: model.config, length: 4)
        let prompts = (0..<4).map { SoftPrompt(layout: layout, model: model, initialization: .random(std: 1), seed: UInt64(40 + $0)) }
        let sentinel = vocabulary.sentinel(0)
        let patterns = prompts.map { ActivationPattern.record(model: model, prompts: $0.promptInputs(), sentinel: sentinel) }
        let again = prompts.map { ActivationPattern.record(model: model, prompts: $0.promptInputs(), sentinel: sentinel) }
        #expect(patterns == again)
        #expect(patterns.allSatisfy { $0.blocks == model.config.decoderLayers && $0.width == model.config.dFF })
        // Some neurons on and some off, or the cosine would say nothing.
        #expect(patterns.allSatisfy { p in p.on.contains(true) && p.on.contains(false) })
        var values: [Double] = []
        for a in patterns { for b in patterns { values.append(a.cosine(b)) } }
        #expect(values.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(patterns.indices.allSatisfy { patterns[$0].cosine(patterns[$0]) == 1 })
        #expect(Set(patterns.map(\.on)).count > 1, "four different prompts gave one pattern: ON would not depend on the prompt")

        // The same pattern by hand: the decoder block's feed-forward input at step 0, ReLU'd, > 0.
        let inputs = prompts[0].promptInputs()
        var seen: [Float] = []
        var hooked = inputs
        hooked.feedForwardObserver = { stack, _, activations in if stack == .decoder { seen += activations.data } }
        withNoGrad {
            let encoded = model.encode([[sentinel]], prompts: hooked)
            _ = model.decode([[model.config.decoderStartTokenID]], encoder: encoded, prompts: hooked)
        }
        #expect(seen.map { $0 > 0 } == patterns[0].on)
    }
}
