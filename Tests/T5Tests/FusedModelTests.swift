// The whole T5 on the fused kernels against the same model on the taught operations
// (chapter 2, "Making it fast"): logits, loss and every gradient agree to float rounding, with
// padding, an input prompt and deep prefixes; greedy decoding emits the same tokens.

import Testing
import Tensors
import T5

@Suite struct FusedModelTests {
    let ids = [[5, 9, 12, 7, 1, 0], [3, 30, 22, 1, 0, 0]]
    let mask = [[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 0, 0]]
    let labels = [[4, 6, 1], [8, 1, -100]]

    static func largest(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
    }

    @Test("fused and taught kernels give the same loss, logits and gradients", arguments: [false, true])
    func sameNumbers(gated: Bool) throws {
        let config = tinyConfig(gated: gated)
        let model = T5Model(config: config, seed: 12, tied: !gated)
        var rng = SeededGenerator(seed: 13)
        let prompt = Tensor.normal([3, config.dModel], std: 0.5, rng: &rng, requiresGrad: true)
        let prefixes = (0..<config.numLayers).map { _ in
            AttentionPrefix(key: Tensor.normal([2, config.innerDim], std: 0.5, rng: &rng, requiresGrad: true),
                            value: Tensor.normal([2, config.innerDim], std: 0.5, rng: &rng, requiresGrad: true))
        }
        let crossPrefixes = (0..<(config.numDecoderLayers ?? config.numLayers)).map { _ in
            AttentionPrefix(key: Tensor.normal([2, config.innerDim], std: 0.5, rng: &rng, requiresGrad: true),
                            value: Tensor.normal([2, config.innerDim], std: 0.5, rng: &rng, requiresGrad: true))
        }
        let prompts = PromptInputs(inputPrompt: prompt, encoderPrefixes: prefixes, crossPrefixes: crossPrefixes)
        let prefixTensors: [Tensor] = (prefixes + crossPrefixes).flatMap { [$0.key, $0.value] }
        let trainable: [Tensor] = model.parameters + [prompt] + prefixTensors
        func pass() throws -> (loss: Float, logits: [Float], grads: [[Float]]) {
            for t in trainable { t.zeroGrad() }
            let encoded = model.encode(ids, attentionMask: mask, prompts: prompts)
            let logits = model.decode(model.shiftRight(labels), encoder: encoded, prompts: prompts)
            let loss = try model.loss(logits: logits, labels: labels)
            loss.backward()
            return (loss.item, logits.data, trainable.map { $0.grad ?? [] })
        }
        let reference = try withReferenceKernels { try pass() }
        let fused = try pass()
        #expect(abs(fused.loss - reference.loss) < 1e-5)
        #expect(Self.largest(fused.logits, reference.logits) < 1e-5)
        for (i, (a, b)) in zip(fused.grads, reference.grads).enumerated() {
            #expect(a.count == b.count && !b.isEmpty, "tensor \(i) has no gradient")
            #expect(Self.largest(a, b) < 1e-4, "tensor \(i): \(Self.largest(a, b))")
        }
    }

    @Test("fused and taught kernels decode the same tokens, with and without the cache")
    func sameTokens() {
        let model = T5Model(config: tinyConfig(), seed: 14)
        let reference = withReferenceKernels { model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 7) }
        #expect(model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 7) == reference)
        #expect(model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 7, useCache: false) == reference)
    }
}
