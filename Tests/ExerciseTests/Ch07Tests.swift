// Chapter 7 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's NovelTasks library is the oracle where it is public: MaskSelection makes every pick
// (ties to the earlier mask, NaN never wins), MaskSelector.entropyGradient gives the g_i of a tiny
// T5, MaskSelector.perplexity with self-generated targets gives 7.1's label-free perplexities of a
// tiny T5, and PromptMask.top with NeuronSignature.overlap give signatures and overlaps. 7.2 is
// also checked by central differences of the kit's decoder entropy in α.

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
        var rng = SeededGenerator(seed: 71)
        var lotteryOptions = LotteryOptions()
        lotteryOptions.keepFraction = 0.3
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 3), model: model, options: lotteryOptions)
        for k in 0..<3 { lottery.beginTask(); lottery.finishTask("m\(k)") }
        lottery.values.data = lottery.values.data.map { _ in Float(rng.nextNormal()) * 0.5 }
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

    @Test("7.2 the one-shot gradient and its sign")
    func ex7_2_oneShotGradient() throws {
        // By hand (the stub's example); a mask over 3 entries of a 5-entry prompt (learned before
        // the prompt grew) ignores the last two.
        let masks = ["1001", "0110", "1100"].map { PromptMask($0.map { $0 == "1" }) }
        #expect(try coefficientGradients(entropyGradient: [1, -1, 2, 0.5], theta: [2, 3, -1, 4], masks: masks) == [4, -5, -1])
        #expect(try coefficientGradients(entropyGradient: [1, 1, 1, 1, 1], theta: [1, 2, 3, 4, 5],
                                         masks: [PromptMask([true, false, true])]) == [4])
        #expect(try coefficientGradients(entropyGradient: [3, 3], theta: [1, 1], masks: [PromptMask(count: 2)]) == [0])

        // The sign decides, not the size; all positive still picks the smallest learned g (no
        // empty slot at 0); ties go to the earlier mask; NaN never wins.
        #expect(try pickMostNegative([4, -5, -1]) == 1)
        #expect(try pickMostNegative([10, -0.1]) == 1)
        #expect(try pickMostNegative([0.4, 0.1, 0.3]) == 1)
        #expect(try pickMostNegative([-2, -2, -1]) == 0)
        #expect(try pickMostNegative([.nan, 0.5, -0.5]) == 2)
        #expect(throws: MaskSelectionError.noLearnedMasks) { try pickMostNegative([]) }
        var rng = SeededGenerator(seed: 72)
        let levels: [Double] = [-1, -0.5, 0, 0.5, .nan]
        var mismatches: [String] = []
        for trial in 0..<300 {
            let g = (0..<(1 + rng.nextInt(below: 6))).map { _ in levels[rng.nextInt(below: levels.count)] }
            if try pickMostNegative(g) != Self.kitPick(.mostNegativeGradient, g) { mismatches.append("trial \(trial): \(g)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 300 differ from MaskSelection, e.g. \(mismatches.prefix(3))")

        // A toy entropy of α: θ̂ = θ ⊙ Σ α_i m_i read as the logits of 3 decoder steps over 4 words,
        // H = decoderEntropy (the kit's mean per-step entropy). ∂H/∂θ̂ from the kit's autodiff; each g_i
        // must match the central difference of H in α_i at α_i = 1/T, and the pick must lower H.
        let (steps, words) = (3, 4)
        let P = steps * words
        func entropy(_ logits: Tensor) -> Tensor {
            decoderEntropy(logits: logits, labels: [[Int](repeating: 1, count: steps)], normalizer: steps)
        }
        var (negative, positive) = (0, 0)
        mismatches = []
        for trial in 0..<30 {
            let theta = (0..<P).map { _ in Float(rng.nextNormal()) * 1.5 }
            let T = 2 + rng.nextInt(below: 3)
            let masks = (0..<T).map { _ in PromptMask((0..<P).map { _ in rng.nextUniform() < 0.4 }) }
            func thetaHat(_ alphas: [Double]) -> Tensor {
                var out = [Float](repeating: 0, count: P)
                for (mask, alpha) in zip(masks, alphas) { for j in 0..<P where mask[j] { out[j] += Float(alpha) * theta[j] } }
                return Tensor(out, shape: [1, steps, words], requiresGrad: true)
            }
            let alphas = [Double](repeating: 1 / Double(T), count: T)
            let leaf = thetaHat(alphas)
            entropy(leaf).backward()
            let g = try coefficientGradients(entropyGradient: leaf.grad!, theta: theta, masks: masks)
            let eps = 5e-3
            let numeric = (0..<T).map { i in
                var (up, down) = (alphas, alphas)
                up[i] += eps
                down[i] -= eps
                return (Double(entropy(thetaHat(up)).item) - Double(entropy(thetaHat(down)).item)) / (2 * eps)
            }
            negative += numeric.filter { $0 < -0.01 }.count
            positive += numeric.filter { $0 > 0.01 }.count
            if g.count != T || zip(g, numeric).contains(where: { abs($0 - $1) > 0.02 * abs($1) + 2e-3 }) {
                mismatches.append("trial \(trial): g \(g), numeric \(numeric)")
                continue
            }
            let sorted = numeric.sorted(), pick = try pickMostNegative(g)
            if sorted[1] - sorted[0] > 0.01, pick != numeric.firstIndex(of: sorted[0]) {
                mismatches.append("trial \(trial): picked \(pick), H falls fastest along \(numeric)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 30 toy cases disagree with central differences, e.g. \(mismatches.prefix(2))")
        #expect(negative > 0 && positive > 0, "both signs must occur: \(negative) negative, \(positive) positive")

        // Against MaskSelector.entropyGradient on a tiny random T5 (d_model 32, one block each side:
        // small for test speed) with three learned masks over a deep prompt of length 3, teacher-forced
        // on gold targets. ∂H/∂θ̂ comes from the same forward pass built by hand.
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 7)
        var options = LotteryOptions()
        options.keepFraction = 0.3
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 3), model: model, options: options)
        for k in 0..<3 { lottery.beginTask(); lottery.finishTask("m\(k)") }   // three random, overlapping masks
        lottery.values.data = lottery.values.data.map { _ in Float(rng.nextNormal()) * 0.5 }
        let task = TuningTask(Benchmark.generate(Benchmark.task("conll04")!, options: BenchmarkOptions(trainSize: 0, devSize: 4, testSize: 0)))
        let encoder = SELEncoder(vocabulary: vocabulary)
        let gold = task.dev.map { encoder.target($0.record) }
        let selector = try MaskSelector(model: model, vocabulary: vocabulary, lottery: lottery)
        let kit = try selector.entropyGradient(task.dev, schemas: task.schemas, targets: gold)

        let theta = lottery.values.data
        let leaf = Tensor(zip(theta, try selector.superposedMask()).map(*), shape: lottery.layout.shape, requiresGrad: true)
        let prompts = lottery.layout.inputs(leaf)
        let prefix = SchemaPrompt(recordSchema: task.schemas.record).evaluationPrefix()
        let batch = SELEncoder.batch(sources: task.dev.map { encoder.source(prefix: prefix, text: $0.text) }, targets: gold)
        model.setFrozen(true)   // only θ̂ collects a gradient
        let encoded = model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
        let logits = model.decode(model.shiftRight(batch.labels), encoder: encoded, prompts: prompts)
        decoderEntropy(logits: logits, labels: batch.labels, normalizer: gold.joined().count).backward()
        let mine = try coefficientGradients(entropyGradient: leaf.grad!, theta: theta, masks: lottery.masks.map(\.mask))
        #expect(kit.gradients.contains { $0 != 0 }, "the kit's gradients are all 0: the check would be vacuous")
        #expect(mine.count == 3 && zip(mine, kit.gradients).allSatisfy { Self.close($0, $1, 1e-5) },
                "g \(mine), MaskSelector.entropyGradient \(kit.gradients)")
        #expect(try pickMostNegative(mine) == Self.kitPick(.mostNegativeGradient, kit.gradients))
    }

    @Test("7.3 neuron signatures and their overlap")
    func ex7_3_neuronOverlap() throws {
        // By hand (the stub's example): the tie in block 0 goes to neuron 2; block 1 starts at 4.
        #expect(try neuronSignature([[0.1, 0.9, 0.5, 0.5], [3, 2, 1, 0]], fraction: 0.5) == [1, 2, 4, 5])
        // Rounding, W = 10: 2.5 → 3 and 0.5 → 1 (halves away from zero; banker's rounding gives 2
        // and 0), 2.4 → 2, 0.4 → nothing, 1 → everything.
        let row: [Double] = [5, 1, 9, 3, 7, 2, 8, 6, 4, 0]
        #expect(try neuronSignature([row], fraction: 0.25) == [2, 4, 6])
        #expect(try neuronSignature([row], fraction: 0.05) == [2])
        #expect(try neuronSignature([row], fraction: 0.24) == [2, 6])
        #expect(try neuronSignature([row], fraction: 0.04) == [])
        #expect(try neuronSignature([row], fraction: 1) == Array(0..<10))
        // Ranked by value, not by size; all equal → the lowest indices; ascending output.
        #expect(try neuronSignature([[-5, -1, -3]], fraction: 0.34) == [1])
        #expect(try neuronSignature([[0, 0, 0, 0], [0, 0, 0, 0]], fraction: 0.5) == [0, 1, 4, 5])
        #expect(try neuronSignature([[5, 1, 9]], fraction: 0.67) == [0, 2])

        // Jaccard: symmetric, identical = 1, disjoint = 0, both empty = 1.
        #expect(try jaccardOverlap([1, 2, 3, 4], [3, 4, 5]) == 0.4 && jaccardOverlap([3, 4, 5], [1, 2, 3, 4]) == 0.4)
        #expect(try jaccardOverlap([1, 5, 9], [1, 5, 9]) == 1)
        #expect(try jaccardOverlap([0, 1], [2, 3]) == 0 && jaccardOverlap([], [7]) == 0)
        #expect(try jaccardOverlap([], []) == 1)
        // Neuron n of block 0 and neuron n of block 1 are two neurons: [1, 2] and [1, 3], not {0, 1} and {1}.
        let (a, b) = (try neuronSignature([[0, 1], [1, 0]], fraction: 0.5), try neuronSignature([[0, 1], [0, 1]], fraction: 0.5))
        #expect(try a == [1, 2] && b == [1, 3] && jaccardOverlap(a, b) == 1.0 / 3)

        // Picks: overlaps 1/3, 3/4, 1/2 → 1; 1/2, 1, 1 → 1 (the tie goes to the earlier task).
        let picked = try pickHighestOverlap(novel: [[1, 2], [1, 2, 3], [4]], stored: [[2, 3], [1, 2, 3, 4], [4, 5]])
        #expect(picked.pick == 1 && Self.same(picked.overlaps, [1.0 / 3, 0.75, 0.5]))
        #expect(try pickHighestOverlap(novel: [[1], [2], [3]], stored: [[1, 9], [2], [3]]).pick == 1)
        #expect(throws: MaskSelectionError.noLearnedMasks) { try pickHighestOverlap(novel: [], stored: []) }

        // Against the kit on random activations: signatures as NeuronSignature.record builds them
        // (PromptMask.top per block), overlaps as NeuronSignature.overlap, picks as MaskSelection.
        // Values are multiples of 1/8 (many ties, and exact in Float, which the kit ranks in).
        var rng = SeededGenerator(seed: 73)
        var mismatches: [String] = []
        for trial in 0..<200 {
            let blocks = 1 + rng.nextInt(below: 3), width = 1 + rng.nextInt(below: 40)
            let fraction = [0.05, 0.1, 0.25, 1.0 / 3, 0.5, 1][rng.nextInt(below: 6)]
            func activations() -> [[Double]] { (0..<blocks).map { _ in (0..<width).map { _ in Double(rng.nextInt(below: 17)) / 8 } } }
            func kitSignature(_ means: [[Double]]) -> NeuronSignature {
                NeuronSignature(width: width, blocks: blocks, active: means.enumerated().flatMap { l, row in
                    let top = PromptMask.top(keepFraction: fraction, of: row.map { Float($0) })
                    return (0..<width).filter { top[$0] }.map { l * width + $0 }
                })
            }
            var novel: [[Int]] = [], stored: [[Int]] = [], kitOverlaps: [Double] = []
            for _ in 0..<(1 + rng.nextInt(below: 5)) {
                let (a, b) = (activations(), activations())
                let (mineA, mineB) = (try neuronSignature(a, fraction: fraction), try neuronSignature(b, fraction: fraction))
                let (kitA, kitB) = (kitSignature(a), kitSignature(b))
                if mineA != kitA.active || mineB != kitB.active { mismatches.append("signature, trial \(trial), fraction \(fraction), W \(width)") }
                novel.append(mineA)
                stored.append(mineB)
                kitOverlaps.append(kitA.overlap(kitB))
            }
            let mine = try pickHighestOverlap(novel: novel, stored: stored)
            let kitPick = try Self.kitPick(.highestOverlap, kitOverlaps)
            if mine.overlaps != kitOverlaps { mismatches.append("overlaps, trial \(trial)") }
            if mine.pick != kitPick { mismatches.append("pick, trial \(trial)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches with the kit, e.g. \(mismatches.prefix(3))")
    }
}
