// Soft prompts on a frozen model: layout shapes, where prefixes go, finite-difference gradients,
// the frozen-backbone guarantee, initializations, and the tuner's checkpoint/resume.

import Foundation
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

/// An odd tiny configuration (d ≠ heads·d_kv, 2 encoder + 3 decoder layers), small for speed.
func tinyConfig(vocabulary: Int = 40) -> T5Config {
    var c = T5Config()
    c.vocabSize = vocabulary; c.dModel = 16; c.dKV = 5; c.numHeads = 3; c.dFF = 24
    c.numLayers = 2; c.numDecoderLayers = 3
    c.relativeAttentionNumBuckets = 8; c.relativeAttentionMaxDistance = 12
    c.dropoutRate = 0
    return c
}

func temporaryFolder(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lpt-\(name)-\(UUID().uuidString)")
}

/// Loss of a fixed batch under `prompts`.
func loss(_ model: T5Model, _ prompts: PromptInputs) throws -> Tensor {
    let ids = [[5, 9, 12, 7, 1], [3, 30, 22, 1, 0]], mask = [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]]
    let labels = [[8, 4, 1], [6, 1, -100]]
    let encoded = model.encode(ids, attentionMask: mask, prompts: prompts)
    return try model.loss(logits: model.decode(model.shiftRight(labels), encoder: encoded, prompts: prompts), labels: labels)
}

@Suite struct PromptLayoutTests {
    @Test("the kit backbone's deep prompt is [4 layers, key/value, 20, 128] = 20,480 floats; shallow is [20, 128]")
    func kitShapes() {
        let config = T5Config.kitBackbone(vocabularySize: 2663)
        #expect(PromptLayout(.deep, for: config).shape == [4, 2, 20, 128])
        #expect(PromptLayout(.deep, for: config).parameterCount == 20_480)
        #expect(PromptLayout(.shallow, for: config).shape == [20, 128])
    }

    @Test("a deep prompt reaches every encoder and decoder self-attention; shallow only the input")
    func hooks() {
        let config = tinyConfig()
        let deep = PromptLayout(.deep, for: config, length: 4)
        #expect(deep.shape == [5, 2, 4, 15])   // width heads·d_kv = 15, not d_model 16
        let inputs = deep.inputs(Tensor.zeros(deep.shape))
        #expect(inputs.encoderPrefixes?.count == 2 && inputs.decoderPrefixes?.count == 3)
        #expect(inputs.inputPrompt == nil && inputs.crossPrefixes == nil)
        #expect(inputs.encoderPrefixes?[1].key.shape == [4, 15])
        let shallow = PromptLayout(.shallow, for: config, length: 4)
        #expect(shallow.inputs(Tensor.zeros(shallow.shape)).inputPrompt?.shape == [4, 16])
    }

    @Test("layer l's key and value are rows [2l·n, (2l+1)·n) and [(2l+1)·n, (2l+2)·n) of the prompt")
    func slicing() {
        let layout = PromptLayout(.deep, for: tinyConfig(), length: 2)
        let prompt = Tensor((0..<layout.parameterCount).map(Float.init), shape: layout.shape)
        let inputs = layout.inputs(prompt)
        let w = layout.width
        #expect(inputs.encoderPrefixes![1].value.data.first == Float((3 * 2) * w))
        #expect(inputs.decoderPrefixes![0].key.data.first == Float((4 * 2) * w))
    }
}

@Suite struct PromptGradientTests {
    @Test("a deep prompt's gradient through the whole model matches finite differences")
    func deepFiniteDifferences() throws {
        let model = T5Model(config: tinyConfig(), seed: 7)
        model.setFrozen(true)
        let prompt = SoftPrompt(layout: PromptLayout(.deep, for: model.config, length: 3), model: model,
                                initialization: .random(std: 0.5), seed: 2)
        let result = GradientCheck.check([prompt.values], samplesPerInput: 60) { try! loss(model, prompt.promptInputs()) }
        #expect(result.passes(), "max relative error \(result.maxRelativeError)")
        #expect(result.maxAnalytic > 1e-3)
    }

    @Test("the gradient is non-zero in both the encoder's and the decoder's prefixes")
    func bothStacks() throws {
        let model = T5Model(config: tinyConfig(), seed: 7)
        model.setFrozen(true)
        let prompt = SoftPrompt(layout: PromptLayout(.deep, for: model.config, length: 3), model: model, seed: 2)
        try loss(model, prompt.promptInputs()).backward()
        let grad = try #require(prompt.values.grad)
        let perLayer = prompt.layout.parameterCount / 5
        for layer in 0..<5 {
            let norm = grad[(layer * perLayer)..<((layer + 1) * perLayer)].map(abs).max()!
            #expect(norm > 0, "layer \(layer) got no gradient")
        }
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }
}

@Suite struct PromptInitializationTests {
    @Test("random initialization is reproducible from the seed and differs across seeds")
    func seeded() {
        let model = T5Model(config: tinyConfig(), seed: 1)
        let layout = PromptLayout(.deep, for: model.config, length: 3)
        #expect(SoftPrompt(layout: layout, model: model, seed: 4).values.data == SoftPrompt(layout: layout, model: model, seed: 4).values.data)
        #expect(SoftPrompt(layout: layout, model: model, seed: 4).values.data != SoftPrompt(layout: layout, model: model, seed: 5).values.data)
    }

    @Test("vocabulary initialization: a shallow prompt's rows are embedding rows of the model")
    func vocabulary() {
        let model = T5Model(config: tinyConfig(), seed: 1)
        let prompt = SoftPrompt(layout: PromptLayout(.shallow, for: model.config, length: 3), model: model, initialization: .vocabulary, seed: 3)
        let d = model.config.dModel
        let rows = (0..<model.config.vocabSize).map { Array(model.shared.data[($0 * d)..<($0 * d + d)]) }
        for r in 0..<3 { #expect(rows.contains(Array(prompt.values.data[(r * d)..<(r * d + d)]))) }
    }

    @Test("copy initialization takes another prompt's values")
    func copy() {
        let model = T5Model(config: tinyConfig(), seed: 1)
        let layout = PromptLayout(.deep, for: model.config, length: 2)
        let source = SoftPrompt(layout: layout, model: model, seed: 9)
        #expect(SoftPrompt(layout: layout, model: model, initialization: .copy(source.values.data)).values.data == source.values.data)
    }
}

/// nil when `a` and `b` are bit-identical, else how they differ in one line. (`#expect(a == b)`
/// on arrays of thousands of floats makes the test library compute an edit script between them,
/// which takes minutes; this keeps a failure quick and readable.)
func bitDifference(_ a: [Float], _ b: [Float]?) -> String? {
    guard let b else { return "nothing to compare with" }
    guard a.count == b.count else { return "\(a.count) values against \(b.count)" }
    let differing = a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }
    guard let first = differing.first else { return nil }
    let largest = differing.map { abs(a[$0] - b[$0]) }.max() ?? 0
    return "\(differing.count) of \(a.count) values differ (first at \(first): \(a[first]) vs \(b[first]); largest |difference| \(largest))"
}
