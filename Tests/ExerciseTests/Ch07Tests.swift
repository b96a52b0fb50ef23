// Chapter 7 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's NovelTasks library is the oracle where it is public: MaskSelection makes every pick
// (ties to the earlier mask, NaN never wins), MaskSelector.perplexity with self-generated targets
// gives 7.1's label-free perplexities of a tiny T5, MaskSelector.entropyGradient at the α the
// search asks for answers 7.2's rounds, and NeuronSignature.meanActivations gives 7.3's means.

import Foundation
import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing
#if LPT_SOLUTIONS
import Solutions07
#else
import Exercises07
#endif

@Suite struct Ch07Tests {
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    /// NaN matches NaN: the picks below must treat a diverged score the same way the kit does.
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : close($0, $1) }
    }

    /// A deep lottery prompt of length 3 over `model` with `masks` learned masks (keep 0.3) and
    /// values drawn N(0, 0.5²) from `seed`: masks that make different outputs.
    static func randomLottery(model: T5Model, masks: Int, seed: UInt64) -> LotteryPrompt {
        var rng = SeededGenerator(seed: seed)
        var options = LotteryOptions()
        options.keepFraction = 0.3
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 3), model: model, options: options)
        for k in 0..<masks { lottery.beginTask(); lottery.finishTask("m\(k)") }
        lottery.values.data = lottery.values.data.map { _ in Float(rng.nextNormal()) * 0.5 }
        return lottery
    }

    /// Gradients from two calls of the kit's Float code: equal up to summation order, so to 1e-5 of
    /// the largest entry (the ranking they decide is far coarser).
    static func near(_ a: [Double], _ b: [Double]) -> Bool {
        let scale = b.map(abs).max() ?? 0
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * scale }
    }

    /// The kit's pick for `rule` on these scores, named t0, t1, …
    static func kitPick(_ rule: SelectionRule, _ values: [Double]) throws -> Int {
        try MaskSelection(rule: rule, scores: values.enumerated().map { MaskScore(task: "t\($0.offset)", score: $0.element) }).pickIndex
    }

    /// Log-probability rows from probability rows (the input of 7.1 holds logs).
    static func logs(_ rows: [[Float]]) -> [[Float]] { rows.map { $0.map { Foundation.log($0) } } }

    @Test("7.1 label-free perplexity, by hand")
    func ex7_1_labelFreePerplexityByHand() throws {
        // The stub's example: the third row of example 0 lies past its eos; example 1's tie between
        // tokens 1 and 2 goes to 1, which is eos. Three targets, pooled: 6.25^(1/3).
        let example = try labelFreePerplexity(stepLogProbs: [Self.logs([[0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.9, 0.05, 0.05]]),
                                                             Self.logs([[0.2, 0.4, 0.4]])], eos: 1)
        #expect(example.targets == [[0, 1], [1]])
        #expect(Self.close(example.perplexity, Foundation.pow(6.25, 1.0 / 3), 1e-6))

        // Every token counts once: 4 tokens pooled, not the mean of the two examples' perplexities.
        let pooled = try labelFreePerplexity(stepLogProbs: [Self.logs([[0.1, 0.6, 0.3], [0.1, 0.3, 0.6], [0.7, 0.2, 0.1]]),
                                                            Self.logs([[0.9, 0.05, 0.05]])], eos: 0)
        #expect(pooled.targets == [[1, 2, 0], [0]])
        let nll = 2 * Foundation.log(1 / 0.6) + Foundation.log(1 / 0.7) + Foundation.log(1 / 0.9)
        #expect(Self.close(pooled.perplexity, Foundation.exp(nll / 4), 1e-6), "\(pooled.perplexity)")

        // No eos written: every step given is a target (the cap cut the output).
        let capped = try labelFreePerplexity(stepLogProbs: [Self.logs([[0.6, 0.3, 0.1], [0.6, 0.3, 0.1]])], eos: 2)
        #expect(capped.targets == [[0, 0]] && Self.close(capped.perplexity, 1 / 0.6, 1e-6))
        // Rows past eos are never read, not even a NaN one (a diverged step after the end).
        let ended = try labelFreePerplexity(stepLogProbs: [Self.logs([[0.2, 0.7, 0.1]]) + [[.nan, .nan, .nan]]], eos: 1)
        #expect(ended.targets == [[1]] && Self.close(ended.perplexity, 1 / 0.7, 1e-6))

        // Ties go to the lower id: with eos 2 a tie of tokens 0 and 2 writes 0 and goes on; with
        // eos 0 a tie of tokens 0 and 1 writes eos and stops.
        let goesOn = try labelFreePerplexity(stepLogProbs: [Self.logs([[0.4, 0.2, 0.4], [0.1, 0.1, 0.8]])], eos: 2)
        #expect(goesOn.targets == [[0, 2]] && Self.close(goesOn.perplexity, Foundation.exp((Foundation.log(2.5) + Foundation.log(1.25)) / 2), 1e-6))
        let stops = try labelFreePerplexity(stepLogProbs: [Self.logs([[0.4, 0.4, 0.2], [0.1, 0.8, 0.1]])], eos: 0)
        #expect(stops.targets == [[0]] && Self.close(stops.perplexity, 2.5, 1e-6))

        // An example without rows adds no target; no target at all is an error.
        let oneEmpty = try labelFreePerplexity(stepLogProbs: [[], Self.logs([[0.5, 0.5]])], eos: 1)
        #expect(oneEmpty.targets == [[], [0]] && Self.close(oneEmpty.perplexity, 2, 1e-6))
        #expect(throws: MaskSelectionError.noExamples) { try labelFreePerplexity(stepLogProbs: [], eos: 1) }
        #expect(throws: MaskSelectionError.noExamples) { try labelFreePerplexity(stepLogProbs: [[], []], eos: 1) }
    }

    @Test("7.1 label-free perplexity against the kit's selector")
    func ex7_1_labelFreePerplexityAgainstSelector() throws {
        // A tiny random T5 (as in 7.2) with three learned masks over a deep prompt of length 3. The
        // kit's selector with self-generated targets (5 sentences in batches of 2, cap 8) gives each
        // mask's perplexity; the test decodes the same batches greedily under each mask and passes
        // the log-softmax rows of those decodes, teacher-forced on the mask's own output.
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 17)
        let eos = model.config.eosTokenID
        let lottery = Self.randomLottery(model: model, masks: 3, seed: 71)
        let task = TuningTask(Benchmark.generate(Benchmark.task("conll03")!, options: BenchmarkOptions(trainSize: 0, devSize: 5, testSize: 0)))
        let encoder = SELEncoder(vocabulary: vocabulary)
        let prefix = SchemaPrompt(recordSchema: task.schemas.record).evaluationPrefix()
        let sources = task.dev.map { encoder.source(prefix: prefix, text: $0.text) }
        let (batchSize, cap) = (2, 8)

        func decodeRows(_ prompts: PromptInputs) -> (rows: [[[Float]]], targets: [[Int]]) {
            var rows: [[[Float]]] = [], targets: [[Int]] = []
            for start in stride(from: 0, to: sources.count, by: batchSize) {
                let chunk = Array(sources[start..<min(start + batchSize, sources.count)])
                let padded = SELEncoder.batch(sources: chunk, targets: [[0]])
                let written = model.greedyDecode(padded.inputIDs, attentionMask: padded.attentionMask, maxNewTokens: cap,
                                                 prompts: prompts).map { Array($0.dropFirst()) }
                targets += written.map { row in row.firstIndex(of: eos).map { Array(row[...$0]) } ?? row }
                let batch = SELEncoder.batch(sources: chunk, targets: written)
                let logits = withNoGrad {
                    let encoded = model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
                    return model.decode(model.shiftRight(batch.labels), encoder: encoded, prompts: prompts).logSoftmax()
                }
                let (steps, width) = (logits.shape[1], logits.shape[2])
                rows += chunk.indices.map { b in
                    (0..<steps).map { t in Array(logits.data[((b * steps + t) * width)..<((b * steps + t + 1) * width)]) }
                }
            }
            return (rows, targets)
        }

        // A random T5 seldom writes </s> within the cap. Make </s> the twin of the token that the first
        // mask writes most often (that token's output row, scaled by 1.05), so outputs end at various steps.
        let written = decodeRows(lottery.inputs(forTask: "m0")!).targets.joined()
        let twin = Set(written).max { a, b in
            (written.filter { $0 == a }.count, b) < (written.filter { $0 == b }.count, a)
        }!
        let head = model.lmHead ?? model.shared, d = model.config.dModel
        for j in 0..<d { head.data[eos * d + j] = 1.05 * head.data[twin * d + j] }

        var options = SelectorOptions()
        options.targets = .selfGenerated
        options.batchSize = batchSize
        options.maxNewTokens = cap
        let kit = try MaskSelector(model: model, vocabulary: vocabulary, lottery: lottery, options: options)
            .perplexity(task.dev, schemas: task.schemas)
        var mine: [Double] = [], lengths: [Int] = []
        for (k, (name, _)) in lottery.masks.enumerated() {
            let decoded = decodeRows(lottery.inputs(forTask: name)!)
            let result = try labelFreePerplexity(stepLogProbs: decoded.rows, eos: eos)
            #expect(result.targets == decoded.targets, "mask \(name): targets \(result.targets), greedy output \(decoded.targets)")
            #expect(Self.close(result.perplexity, kit.scores[k].score, 1e-4),
                    "mask \(name): \(result.perplexity), MaskSelector.perplexity \(kit.scores[k].score)")
            mine.append(result.perplexity)
            lengths += decoded.targets.map(\.count)
        }
        #expect(lengths.contains { $0 < cap } && lengths.contains(cap), "target lengths \(lengths): both ends must occur")
        #expect(try Self.kitPick(.lowestPerplexity, mine) == kit.pickIndex)
    }

    @Test("7.2 SupSup's binary search, by hand")
    func ex7_2_binaryMaskSearchByHand() throws {
        // The stub's example: round 2 ignores the dropped mask's g of -5.
        var asked: [[Double]] = []
        let answers: [[Double]] = [[0.2, -0.1, 0.3], [-0.4, 0.1, -5]]
        let example = try binaryMaskSearch(count: 3) { alphas in
            asked.append(alphas)
            return answers[asked.count - 1]
        }
        #expect(example.pick == 0 && asked.count == 2)
        #expect(Self.same(asked[0], [1.0 / 3, 1.0 / 3, 1.0 / 3]) && asked[1] == [0.5, 0.5, 0], "asked at \(asked)")
        #expect(example.rounds.count == 2 && example.rounds.map(\.alphas) == asked && example.rounds.map(\.gradients) == answers)

        // One mask: no question asked. None: the selector's error. A wrong count: an error. The
        // gradient's own error passes through.
        var calls = 0
        let single = try binaryMaskSearch(count: 1) { _ in calls += 1; return [0] }
        #expect(single.pick == 0 && single.rounds.isEmpty && calls == 0)
        #expect(throws: MaskSelectionError.noLearnedMasks) { try binaryMaskSearch(count: 0) { _ in [] } }
        #expect(throws: (any Error).self) { try binaryMaskSearch(count: 3) { _ in [1, 2] } }
        #expect(throws: MaskSelectionError.noExamples) { try binaryMaskSearch(count: 2) { _ in throw MaskSelectionError.noExamples } }

        // Five masks keep 3, then 2, then 1: three rounds. g is the same at every α here, so the
        // keeps can be read off: most negative first, ties to the earlier mask, NaN last.
        func constant(_ g: [Double]) throws -> (pick: Int, alphas: [[Double]]) {
            var alphas: [[Double]] = []
            let pick = try binaryMaskSearch(count: g.count) { alphas.append($0); return g }.pick
            return (pick, alphas)
        }
        let five = try constant([0.3, -1, 0.2, -1, 0.1])   // keeps 1, 3, 4; then 1, 3; then 1
        #expect(five.pick == 1 && five.alphas.count == 3)
        #expect(five.alphas.count == 3 && five.alphas[1] == [0, 1.0 / 3, 0, 1.0 / 3, 1.0 / 3] && five.alphas[2] == [0, 0.5, 0, 0.5, 0],
                "\(five.alphas)")
        #expect(try constant([.nan, 2, 3]).pick == 1)                 // NaN goes first out, then 3
        #expect(try constant([.nan, .nan, 0.5, .nan]).pick == 2)
        #expect(try constant([1, 1, 1, 1]).pick == 0)
        #expect(try constant([10, -0.1]).pick == 1 && constant([0.4, 0.1, 0.3]).pick == 1)   // the sign decides, not the size

        // Against the kit's one-shot rule: with one round (two masks) the pick is MaskSelection's.
        var rng = SeededGenerator(seed: 72)
        let levels: [Double] = [-1, -0.5, 0, 0.5, .nan]
        var mismatches: [String] = []
        for trial in 0..<200 {
            let g = (0..<2).map { _ in levels[rng.nextInt(below: levels.count)] }
            if try constant(g).pick != Self.kitPick(.mostNegativeGradient, g) { mismatches.append("trial \(trial): \(g)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 200 two-mask cases differ from MaskSelection, e.g. \(mismatches.prefix(3))")
    }

    @Test("7.2 SupSup's binary search on a tiny T5's entropy gradient")
    func ex7_2_binaryMaskSearchOnT5() throws {
        // A tiny random T5 with five learned masks over a deep prompt of length 3; the gradient is the
        // kit's MaskSelector.entropyGradient at the α the search asks for, teacher-forced on gold targets.
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 7)
        let lottery = Self.randomLottery(model: model, masks: 5, seed: 74)
        let task = TuningTask(Benchmark.generate(Benchmark.task("conll04")!, options: BenchmarkOptions(trainSize: 0, devSize: 4, testSize: 0)))
        let encoder = SELEncoder(vocabulary: vocabulary)
        let gold = task.dev.map { encoder.target($0.record) }
        let selector = try MaskSelector(model: model, vocabulary: vocabulary, lottery: lottery)
        let search = try binaryMaskSearch(count: 5) { alphas in
            try selector.entropyGradient(task.dev, schemas: task.schemas, alphas: alphas, targets: gold).gradients
        }
        // Round 1 is the one-shot gradient; each later round spreads α over the front half of the
        // previous round's candidates, ranked by the kit's g; the pick is the last round's best.
        let oneShot = try selector.entropyGradient(task.dev, schemas: task.schemas, targets: gold)
        #expect(search.rounds.count == 3, "\(search.rounds.count) rounds for 5 masks")
        #expect(search.rounds.first.map { Self.near($0.gradients, oneShot.gradients) } == true)
        #expect(oneShot.gradients.contains { $0 != 0 }, "the kit's gradients are all 0: the check would be vacuous")
        var candidates = Array(0..<5)
        for (r, round) in search.rounds.enumerated() {
            let expected = (0..<5).map { candidates.contains($0) ? 1 / Double(candidates.count) : 0 }
            #expect(Self.same(round.alphas, expected), "round \(r + 1) asked at \(round.alphas), expected \(expected)")
            let kit = try selector.entropyGradient(task.dev, schemas: task.schemas, alphas: expected, targets: gold).gradients
            #expect(Self.near(round.gradients, kit), "round \(r + 1): g \(round.gradients), the kit's \(kit)")
            let ranked = candidates.sorted { kit[$0] != kit[$1] ? kit[$0] < kit[$1] : $0 < $1 }
            candidates = Array(ranked.prefix((candidates.count + 1) / 2)).sorted()
        }
        #expect(candidates == [search.pick], "pick \(search.pick), the rounds leave \(candidates)")
    }

    /// The feed-forward activations the encoder emits for `sources` in batches, as its observer hands
    /// them over, with each batch's attention mask: the input of 7.3.
    static func observedActivations(model: T5Model, sources: [[[Int]]], prompts: PromptInputs) -> (batches: [[Tensor]], masks: [[[Int]]]) {
        var batches: [[Tensor]] = [], masks: [[[Int]]] = []
        for rows in sources {
            let batch = SELEncoder.batch(sources: rows, targets: [[0]])
            var observed: [Tensor] = []
            var hooked = prompts
            hooked.feedForwardObserver = { stack, _, activations in
                if stack == .encoder { observed.append(Tensor(activations.data, shape: activations.shape)) }
            }
            _ = withNoGrad { model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: hooked) }
            batches.append(observed)
            masks.append(batch.attentionMask ?? batch.inputIDs.map { $0.map { _ in 1 } })
        }
        return (batches, masks)
    }

    static func close(_ a: [[Double]], _ b: [[Double]], _ tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in x.count == y.count && zip(x, y).allSatisfy { close($0, $1, tolerance) } }
    }

    @Test("7.3 mean activations, by hand")
    func ex7_3_meanActivationsByHand() throws {
        // The stub's example: row 1's second position is padding.
        let example = Tensor([1, 2, 3, 4, 5, 6, 100, 100], shape: [2, 2, 2])
        #expect(Self.close(try meanNeuronActivations(batches: [[example]], masks: [[[1, 1], [1, 0]]], promptLength: 0), [[3, 4]]))
        // A shallow prompt's position counts in every row, even where the row's only token is padding.
        let prompted = Tensor([1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2])
        #expect(Self.close(try meanNeuronActivations(batches: [[prompted]], masks: [[[0], [1]]], promptLength: 1), [[13.0 / 3, 16.0 / 3]]))
        // Two batches of different sizes pool their positions: 4 in all, not a mean of two means (2.5).
        let small = Tensor([2, 4], shape: [1, 1, 2])
        #expect(Self.close(try meanNeuronActivations(batches: [[small], [example]], masks: [[[1]], [[1, 1], [1, 0]]], promptLength: 0),
                           [[2.75, 4]]))
        // Blocks keep their own means; negative activations (a gated GELU) average like any other.
        let blockTwo = Tensor([-1, 0, -3, 2, 9, 9, 9, 9], shape: [2, 2, 2])
        #expect(Self.close(try meanNeuronActivations(batches: [[example, blockTwo]], masks: [[[1, 1], [1, 0]]], promptLength: 0),
                           [[3, 4], [5.0 / 3, 11.0 / 3]]))
        // No batches; nothing counted.
        #expect(try meanNeuronActivations(batches: [], masks: [], promptLength: 0).isEmpty)
        #expect(Self.close(try meanNeuronActivations(batches: [[example]], masks: [[[0, 0], [0, 0]]], promptLength: 0), [[0, 0]]))
    }

    @Test("7.3 mean activations against the kit's, on a tiny T5")
    func ex7_3_meanActivationsOnT5() throws {
        // Five conll03 sentences in batches of 2 (padding in every batch, a last batch of one), under a
        // deep prompt and under a shallow one of 3 positions; the oracle is the kit's own means.
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 19)
        let task = TuningTask(Benchmark.generate(Benchmark.task("conll03")!, options: BenchmarkOptions(trainSize: 0, devSize: 5, testSize: 0)))
        let encoder = SELEncoder(vocabulary: vocabulary)
        let prefix = SchemaPrompt(recordSchema: task.schemas.record).evaluationPrefix()
        let texts = task.dev.map { encoder.source(prefix: prefix, text: $0.text) }
        let sources = stride(from: 0, to: texts.count, by: 2).map { Array(texts[$0..<min($0 + 2, texts.count)]) }
        #expect(Set(texts.map(\.count)).count > 1, "every sentence has the same length: no padding to exclude")
        var rng = SeededGenerator(seed: 75)
        for placement in [PromptPlacement.deep, .shallow] {
            let layout = PromptLayout(placement, for: model.config, length: 3)
            let prompts = layout.inputs(Tensor.normal(layout.shape, std: 1, rng: &rng))
            let observed = Self.observedActivations(model: model, sources: sources, prompts: prompts)
            let kit = try NeuronSignature.meanActivations(model: model, sources: sources, prompts: prompts)
            let mine = try meanNeuronActivations(batches: observed.batches, masks: observed.masks,
                                                 promptLength: prompts.inputPrompt?.shape[0] ?? 0)
            #expect(Self.close(mine, kit, 1e-6), "\(placement): first block \(mine.first?.prefix(4) ?? []), the kit's \(kit.first?.prefix(4) ?? [])")
        }
    }
}
