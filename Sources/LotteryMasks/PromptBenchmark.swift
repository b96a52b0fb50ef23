// Speed of one prompt-tuning step and one lottery-prompt step on the kit's tiny configuration
// (`lpt bench`, chapter 5). Both run the same batch through the same optimizer code; the lottery
// step adds the top-k over the scores, the masked product and gradient isolation. Printed, never
// asserted.

import Foundation
import SoftPrompts
import T5
import Tensors

public enum PromptBenchmark {
    public struct Figure: Codable, Sendable {
        public let mode: String
        public let millisecondsPerStep: Double
    }

    /// Deep prompt (length 20) vs lottery prompt (keep 0.3, half the prompt already owned by
    /// earlier tasks) on batch 16, source 64, target 32, as T5Benchmark.
    public static func run(batch: Int = 16, sourceLength: Int = 64, targetLength: Int = 32, runs: Int = 7) throws -> [Figure] {
        let config = T5Benchmark.tinyConfig
        var rng = SeededGenerator(seed: 21)
        let ids = (0..<batch).map { _ in (0..<sourceLength).map { _ in 3 + rng.nextInt(below: config.vocabSize - 3) } }
        let labels = (0..<batch).map { _ in (0..<targetLength).map { _ in 3 + rng.nextInt(below: config.vocabSize - 3) } }
        let data = T5Batch(inputIDs: ids, attentionMask: ids.map { $0.map { _ in 1 } }, labels: labels)
        let model = T5Model(config: config, seed: 22)
        model.setFrozen(true)
        let layout = PromptLayout(.deep, for: config)

        let plain = SoftPrompt(layout: layout, model: model)
        let plainOptimizer = PromptOptimizer(prompt: plain, learningRate: 0.1)
        let plainStep = try T5Benchmark.median(runs) { _ = try plainOptimizer.step(model: model, prompt: plain, batch: data) }

        let lottery = LotteryPrompt(layout: layout, model: model)
        lottery.finishTask("earlier-1")
        lottery.beginTask()
        lottery.finishTask("earlier-2")
        lottery.beginTask()
        let lotteryOptimizer = PromptOptimizer(prompt: lottery, learningRate: 0.1)
        let lotteryStep = try T5Benchmark.median(runs) { _ = try lotteryOptimizer.step(model: model, prompt: lottery, batch: data) }
        return [
            Figure(mode: "deep prompt step (20 positions, Adam)", millisecondsPerStep: plainStep),
            Figure(mode: "lottery prompt step (keep 0.3, isolated)", millisecondsPerStep: lotteryStep),
        ]
    }
}
