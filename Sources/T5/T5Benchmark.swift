// T5 speed figures for `lpt bench` (chapter 2): a full fine-tuning step, a prompt-tuning step on
// the frozen model, and cached greedy decoding, on the kit's tiny configuration. Medians of
// several runs after a warm-up; printed, never asserted.

import Foundation
import Tensors

public enum T5Benchmark {
    /// The tiny configuration the benchmark (and the kit's backbone) uses.
    public static var tinyConfig: T5Config {
        var c = T5Config()
        c.vocabSize = 2048; c.dModel = 128; c.dKV = 32; c.numHeads = 4; c.dFF = 512
        c.numLayers = 2; c.numDecoderLayers = 2; c.feedForwardProj = "relu"; c.dropoutRate = 0
        return c
    }

    public struct Figure: Codable, Sendable {
        public let mode: String
        public let millisecondsPerStep: Double
        public let tokensPerSecond: Double
        public let tokensCounted: String
    }

    /// Median wall time in milliseconds of `runs` calls of `body`, after one warm-up call.
    public static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()  // warm-up
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return times.sorted()[runs / 2]
    }

    /// Batch 16, source 64, target 32 (as in the stage 2 issue).
    public static func run(batch: Int = 16, sourceLength: Int = 64, targetLength: Int = 32, runs: Int = 7) -> [Figure] {
        let config = tinyConfig
        var rng = SeededGenerator(seed: 21)
        let ids = (0..<batch).map { _ in (0..<sourceLength).map { _ in 3 + rng.nextInt(below: config.vocabSize - 3) } }
        let labels = (0..<batch).map { _ in (0..<targetLength).map { _ in 3 + rng.nextInt(below: config.vocabSize - 3) } }
        let model = T5Model(config: config, seed: 22)
        let decoderIDs = model.shiftRight(labels)
        let trainTokens = Double(batch * (sourceLength + targetLength))

        let fullOptimizer = AdamW(model.parameters, learningRate: 1e-4)
        let full = median(runs) {
            fullOptimizer.zeroGrad()
            let logits = model.decode(decoderIDs, encoder: model.encode(ids))
            try! model.loss(logits: logits, labels: labels).backward()
            fullOptimizer.step()
        }

        model.setFrozen(true)
        let prompt = Tensor.normal([20, config.dModel], std: 0.02, rng: &rng, requiresGrad: true)
        let promptOptimizer = Adam([prompt], learningRate: 0.1)
        let prompts = PromptInputs(inputPrompt: prompt)
        let promptStep = median(runs) {
            promptOptimizer.zeroGrad()
            let logits = model.decode(decoderIDs, encoder: model.encode(ids, prompts: prompts), prompts: prompts)
            try! model.loss(logits: logits, labels: labels).backward()
            promptOptimizer.step()
        }

        // A random model rarely emits </s>, so all 32 steps run, as the benchmark intends.
        let decode = median(max(3, runs / 2)) { _ = model.greedyDecode(ids, maxNewTokens: targetLength) }
        return [
            Figure(mode: "T5 full fine-tuning step (AdamW)", millisecondsPerStep: full,
                   tokensPerSecond: trainTokens / full * 1000, tokensCounted: "source+target"),
            Figure(mode: "T5 prompt-tuning step (20 vectors, Adam)", millisecondsPerStep: promptStep,
                   tokensPerSecond: trainTokens / promptStep * 1000, tokensCounted: "source+target"),
            Figure(mode: "T5 greedy decoding, 32 tokens, cached", millisecondsPerStep: decode,
                   tokensPerSecond: Double(batch * targetLength) / decode * 1000, tokensCounted: "generated"),
        ]
    }
}
