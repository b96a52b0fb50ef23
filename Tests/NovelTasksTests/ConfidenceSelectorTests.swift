// Selector (b) and label-free perplexity, on the constructed case of Fixture.confident*: one
// mask tuned hard on ace04, two finished untrained, novel task = ace04's unseen test split.
// Also: g_i is ∂H/∂α_i (central differences), the argmin is the direction that lowers H most,
// α covers the learned masks only, and the backbone comes back as it was.
// Serialized: the gradient selector freezes and restores the fixture model's weights.

import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

@Suite(.serialized) struct ConfidenceSelectorTests {
    static let fixtures = [Fixture.confidentFirst, Fixture.confidentLast]

    @Test("the one confident mask is picked by the entropy gradient and by label-free perplexity, first or last",
          arguments: [0, 1])
    func confidentMaskWins(which: Int) throws {
        let fixture = Self.fixtures[which]
        let task = fixture.task("ace04")
        let gradient = try fixture.selector().select(.gradient, examples: task.dev, schemas: task.schemas)
        #expect(gradient.pick == "ace04", "\(gradient.table)")
        #expect(gradient.scores[gradient.pickIndex].score < 0)
        let perplexity = try fixture.selector { $0.targets = .selfGenerated }.perplexity(task.dev, schemas: task.schemas)
        #expect(perplexity.pick == "ace04", "\(perplexity.table)")
    }

    @Test("g_i equals the central difference of H in α_i (targets held fixed)")
    func gradientIsDerivative() throws {
        let fixture = Fixture.confidentLast
        let task = fixture.task("ace04")
        let selector = try fixture.selector()
        let at = try selector.entropyGradient(task.dev, schemas: task.schemas)
        let third: Double = 1.0 / 3
        #expect(at.alphas == [third, third, third])
        let eps = 0.02
        for i in 0..<3 {
            func h(_ delta: Double) throws -> Double {
                var alphas = at.alphas
                alphas[i] += delta
                return try selector.entropyGradient(task.dev, schemas: task.schemas, alphas: alphas, targets: at.targets).entropy
            }
            let numeric: Double = (try h(eps) - h(-eps)) / (2 * eps)
            let error: Double = abs(at.gradients[i] - numeric), allowed: Double = 0.02 * abs(numeric) + 2e-3
            #expect(error <= allowed, "g\(i) = \(at.gradients[i]), numeric \(numeric)")
        }
    }

    @Test("sign convention: a small step up on the picked α lowers H, and more than a step on any other α")
    func argminLowersEntropyMost() throws {
        let fixture = Fixture.confidentFirst
        let task = fixture.task("ace04")
        let selector = try fixture.selector()
        let at = try selector.entropyGradient(task.dev, schemas: task.schemas)
        let pick = try selector.gradient(task.dev, schemas: task.schemas).pickIndex
        let stepped = try (0..<3).map { i in
            var alphas = at.alphas
            alphas[i] += 0.05
            return try selector.entropyGradient(task.dev, schemas: task.schemas, alphas: alphas, targets: at.targets).entropy
        }
        #expect(stepped[pick] < at.entropy)
        for i in 0..<3 where i != pick { #expect(stepped[pick] < stepped[i]) }
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
    }
}
