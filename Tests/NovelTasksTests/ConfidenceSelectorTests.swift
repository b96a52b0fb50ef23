// The label-free selectors: self-generated perplexity on the constructed confident case, and
// selector (b)'s gradient: g_i is ∂H/∂α_i (central differences), a mask whose θ entries are all
// zero has g = 0 exactly so the pick is known from the sign of the other g alone (computed here
// by hand-built forward passes), and α covers finished tasks only.
// Serialized: the gradient selector freezes and restores the fixture models' weights.

import Foundation
import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

@Suite(.serialized) struct ConfidenceSelectorTests {
    // Disabled: with the 3,122-word vocabulary of backbone v2 the tiny random test model's untuned
    // masks give self-generated outputs of perplexity ~25.5 and the mask tuned hard on ace04 gives
    // 41-64, so the constructed "one confident mask" case no longer holds (the selector is still
    // exercised by SelectorAblationTests and the main job). To be rebuilt on a case that does not
    // depend on the random model's init (issue 15's session note).
    @Test("label-free perplexity picks the one confident mask on a copy of its task, first or last",
          .disabled("the constructed confident case does not hold for the v2 vocabulary; see the comment"), arguments: [0, 1])
    func confidentMaskWins(which: Int) throws {
        let fixture = [Fixture.confidentFirst, Fixture.confidentLast][which]
        let task = fixture.task("ace04")
        let selection = try fixture.selector { $0.targets = .selfGenerated }.perplexity(task.dev, schemas: task.schemas)
        #expect(selection.pick == "ace04", "\(selection.table)")
    }

    /// A fresh tiny model and a lottery of two disjoint masks over 4 prompt positions: mask 0's θ
    /// entries drawn from N(0, σ²) with `seed`, mask 1's set to zero.
    func zeroMaskLottery(seed: UInt64, std: Float) throws -> (MaskSelector, LotteryPrompt, TuningTask) {
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        var options = LotteryOptions()
        options.keepFraction = 0.5
        let layout = PromptLayout(.deep, for: model.config, length: 4)
        let lottery = LotteryPrompt(layout: layout, model: model, options: options)
        var rng = SeededGenerator(seed: seed)
        for k in 0..<2 {
            let mask = PromptMask((0..<layout.parameterCount).map { ($0 / layout.width) % 2 == k })
            lottery.beginTask(from: mask)
            lottery.finishTask("m\(k)")
            for j in 0..<mask.count where mask[j] { lottery.values.data[j] = k == 0 ? Float(rng.nextNormal()) * std : 0 }
        }
        var selectorOptions = SelectorOptions()
        selectorOptions.maxNewTokens = 12
        let task = TuningTask(Benchmark.generate(Benchmark.task("conll04")!, options: BenchmarkOptions(trainSize: 0, devSize: 4, testSize: 0)))
        return (try MaskSelector(model: model, vocabulary: vocabulary, lottery: lottery, options: selectorOptions), lottery, task)
    }

    /// H with prompt t·(θ ⊙ m_0), teacher-forced on `targets`, built without the selector.
    func entropy(scale t: Float, _ selector: MaskSelector, _ lottery: LotteryPrompt, _ task: TuningTask, targets: [[Int]]) -> Double {
        let encoder = SELEncoder(vocabulary: Benchmark.vocabulary())
        let prefix = SchemaPrompt(recordSchema: task.schemas.record).evaluationPrefix()
        let batch = SELEncoder.batch(sources: task.dev.map { encoder.source(prefix: prefix, text: $0.text) }, targets: targets)
        let mask = lottery.masks[0].mask.floats
        let prompts = lottery.layout.inputs(Tensor(zip(lottery.values.data, mask).map { $0 * $1 * t }, shape: lottery.layout.shape))
        return withNoGrad {
            let encoded = selector.model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
            let logits = selector.model.decode(selector.model.shiftRight(batch.labels), encoder: encoded, prompts: prompts)
            return Double(decoderEntropy(logits: logits, labels: batch.labels, normalizer: targets.joined().count).item)
        }
    }

    @Test("sign convention on a computable case: g = 0 for an all-zero mask, so the other mask wins exactly when scaling it up lowers H")
    func zeroMaskCase() throws {
        var outcomes = Set<String>()
        for (seed, std) in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0)] as [(UInt64, Float)] {
            let (selector, lottery, task) = try zeroMaskLottery(seed: seed, std: std)
            let at = try selector.entropyGradient(task.dev, schemas: task.schemas)
            #expect(at.alphas == [0.5, 0.5] && at.gradients[1] == 0)
            let delta: Float = 0.01   // α_0 = 1/2 ± δ, by hand
            let slope = (entropy(scale: 0.5 + delta, selector, lottery, task, targets: at.targets)
                - entropy(scale: 0.5 - delta, selector, lottery, task, targets: at.targets)) / Double(2 * delta)
            #expect(abs(slope - at.gradients[0]) <= 0.05 * abs(slope) + 1e-3, "seed \(seed): g0 \(at.gradients[0]), by hand \(slope)")
            let selection = try selector.gradient(task.dev, schemas: task.schemas)
            #expect(selection.pick == (slope < 0 ? "m0" : "m1"), "seed \(seed): \(selection.table)")
            outcomes.insert(selection.pick)
        }
        #expect(outcomes == ["m0", "m1"])   // both answers occur: the test is not vacuous
    }

    @Test("g_i equals the central difference of H in α_i, targets held fixed")
    func gradientIsDerivative() throws {
        let fixture = Fixture.confidentLast
        let task = fixture.task("ace04")
        let selector = try fixture.selector()
        let at = try selector.entropyGradient(task.dev, schemas: task.schemas)
        let third: Double = 1.0 / 3
        #expect(at.alphas == [third, third, third])
        let eps = 0.005
        for i in 0..<3 {
            func h(_ delta: Double) throws -> Double {
                var alphas = at.alphas
                alphas[i] += delta
                return try selector.entropyGradient(task.dev, schemas: task.schemas, alphas: alphas, targets: at.targets).entropy
            }
            let numeric: Double = (try h(eps) - h(-eps)) / (2 * eps)
            let error: Double = abs(at.gradients[i] - numeric), allowed: Double = 0.02 * abs(numeric) + 1e-3
            #expect(error <= allowed, "g\(i) = \(at.gradients[i]), numeric \(numeric)")
        }
    }

    @Test("α covers the finished tasks only (1/T each), not the task in progress; the backbone is restored")
    func learnedOnly() throws {
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 5)
        let layout = PromptLayout(.deep, for: model.config, length: 6)
        var options = LotteryOptions()
        options.keepFraction = 1.0 / 3
        let lottery = LotteryPrompt(layout: layout, model: model, options: options)
        let masks = (0..<2).map { Fixture.positionMask(task: $0, layout: layout) }
        for (k, mask) in masks.enumerated() { lottery.beginTask(from: mask); lottery.finishTask("t\(k)") }
        lottery.beginTask(from: Fixture.positionMask(task: 2, layout: layout))   // in progress: not a candidate
        var selectorOptions = SelectorOptions()
        selectorOptions.maxNewTokens = 8
        let selector = try MaskSelector(model: model, vocabulary: vocabulary, lottery: lottery, options: selectorOptions)
        let expected = (0..<layout.parameterCount).map { j in Float(masks.filter { $0[j] }.count) / 2 }
        #expect(try selector.superposedMask() == expected)
        let task = TuningTask(Benchmark.generate(Benchmark.task("14res")!, options: BenchmarkOptions(trainSize: 0, devSize: 3, testSize: 0)))
        let trainable = model.parameters.map(\.requiresGrad)
        let selection = try selector.gradient(task.dev, schemas: task.schemas)
        #expect(selection.scores.map(\.task) == ["t0", "t1"])
        #expect(model.parameters.map(\.requiresGrad) == trainable)
        #expect(model.parameters.allSatisfy { $0.grad == nil })
        #expect(lottery.values.grad == nil)   // θ itself is never touched: the selector differentiates a copy
        #expect(try withNoGrad { try selector.gradient(task.dev, schemas: task.schemas) } == selection)   // records its own graph
        #expect(throws: MaskSelectionError.self) { try selector.entropyGradient(task.dev, schemas: task.schemas, alphas: [1]) }
    }
}
