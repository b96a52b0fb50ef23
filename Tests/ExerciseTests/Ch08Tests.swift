// Chapter 8 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's PromptTransfer library is the oracle: TransferMatrix.relative for 8.1,
// ActivationPattern (and a tiny T5's own decoder neurons) for 8.2, spearman for 8.3, and
// PromptProjector.sgdStep (autodiff) for 8.4, which is also checked by central differences.

import Foundation
import PromptTransfer
import SEL
import SoftPrompts
import T5
import Tensors
import Testing
#if LPT_SOLUTIONS
import Solutions08
#else
import Exercises08
#endif

@Suite struct Ch08Tests {
    static func same(_ a: [Double?], _ b: [Double?], _ tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            switch (x, y) {
            case (nil, nil): return true
            case let (x?, y?): return abs(x - y) <= tolerance * max(1, abs(y))
            default: return false
            }
        }
    }

    @Test("8.1 donors and receivers of the transfer matrix")
    func ex8_1_donorsAndReceivers() throws {
        let f1: [[Double?]] = [[80, 45, 10], [60, 90, 5], [20, 9, 50]]
        let byHand = try donorsAndReceivers(f1)
        #expect(Self.same(byHand.donor, [0.35, 0.425, 0.175]) && Self.same(byHand.receiver, [0.5, 0.3, 0.15]), "\(byHand)")
        var zeroOwn = f1
        zeroOwn[2][2] = 0
        let undefined = try donorsAndReceivers(zeroOwn)
        #expect(Self.same(undefined.donor, [0.5, 0.75, 0.175]) && Self.same(undefined.receiver, [0.5, 0.3, nil]), "\(undefined)")
        #expect(Self.same(try donorsAndReceivers([[70]]).donor, [nil]))
        #expect(throws: TransferError.self) { try donorsAndReceivers([[1, 2], [3]]) }
        #expect(throws: TransferError.self) { try donorsAndReceivers([[1, 2, 3], [4, 5, 6]]) }

        // Against TransferMatrix.relative on random matrices with missing cells and zero diagonals.
        var rng = SeededGenerator(seed: 81)
        var mismatches: [String] = []
        for trial in 0..<200 {
            let n = 1 + rng.nextInt(below: 6)
            var matrix = TransferMatrix(tasks: (0..<n).map { "t\($0)" })
            matrix.f1 = (0..<n).map { _ in (0..<n).map { _ in
                rng.nextUniform() < 0.15 ? nil : [0, 5, 12.5, 40, 80][rng.nextInt(below: 5)]
            } }
            var donor: [Double?] = [], receiver: [Double?] = []
            for k in 0..<n {
                let given = (0..<n).filter { $0 != k }.compactMap { matrix.relative(source: k, target: $0) }
                let taken = (0..<n).filter { $0 != k }.compactMap { matrix.relative(source: $0, target: k) }
                donor.append(given.isEmpty ? nil : given.reduce(0, +) / Double(given.count))
                receiver.append(taken.isEmpty ? nil : taken.reduce(0, +) / Double(taken.count))
            }
            let mine = try donorsAndReceivers(matrix.f1)
            if !Self.same(mine.donor, donor) || !Self.same(mine.receiver, receiver) { mismatches.append("trial \(trial): \(matrix.f1)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 200 differ from TransferMatrix.relative, e.g. \(mismatches.prefix(2))")
    }

    @Test("8.2 ON over windows of layers")
    func ex8_2_windowedON() throws {
        let a: [[Float]] = [[1, 2, -1, 0], [3, -1, 2, 0]], b: [[Float]] = [[1, -1, 2, 0], [0, 0, 0, 0]]
        #expect(try windowedON(a, b, window: 1) == [0.5, 0])
        #expect(Self.same(try windowedON(a, b, window: 2), [1 / 8.0.squareRoot()]))
        #expect(try windowedON(b, b, window: 1) == [1, 1])     // the all-off block matches itself
        #expect(try windowedON(a, b, window: 5).count == 1)
        #expect(throws: TransferError.self) { try windowedON(a, b, window: 0) }
        #expect(throws: TransferError.self) { try windowedON(a, [[1, 2, 3, 4]], window: 1) }
        #expect(throws: TransferError.self) { try windowedON([[1, 2], [3]], [[1, 2], [3]], window: 1) }

        // Against ActivationPattern.cosine on each window's blocks, for random pre-ReLU values.
        var rng = SeededGenerator(seed: 82)
        var mismatches: [String] = []
        for trial in 0..<200 {
            let (blocks, width, window) = (1 + rng.nextInt(below: 7), 1 + rng.nextInt(below: 9), 1 + rng.nextInt(below: 4))
            func values() -> [[Float]] { (0..<blocks).map { _ in (0..<width).map { _ in Float(rng.nextInt(below: 5)) - 2.5 * Float(rng.nextInt(below: 2)) } } }
            let (x, y) = (values(), values())
            let kit = stride(from: 0, to: blocks, by: window).map { start -> Double in
                let range = start..<min(start + window, blocks)
                func pattern(_ v: [[Float]]) -> ActivationPattern {
                    ActivationPattern(blocks: range.count, width: width, on: range.flatMap { v[$0].map { $0 > 0 } })
                }
                return pattern(x).cosine(pattern(y))
            }
            if try windowedON(x, y, window: window) != kit { mismatches.append("trial \(trial)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 200 differ from ActivationPattern.cosine")

        // On a tiny T5 (small for test speed): the decoder's own neurons for two prompts, one window
        // over all blocks, equal the kit's ON of the same prompts.
        let vocabulary = Benchmark.vocabulary()
        var config = T5Config.testSize(vocabularySize: vocabulary.count)
        config.numDecoderLayers = 2
        let model = T5Model(config: config, seed: 83)
        let layout = PromptLayout(.deep, for: model.config, length: 3)
        let prompts = [11, 12].map { SoftPrompt(layout: layout, model: model, initialization: .random(std: 1), seed: $0) }
        func activations(_ prompt: SoftPrompt) -> [[Float]] {
            var rows: [[Float]] = []
            var inputs = prompt.promptInputs()
            inputs.feedForwardObserver = { stack, _, t in if stack == .decoder { rows.append(t.data) } }
            withNoGrad {
                let encoded = model.encode([[vocabulary.sentinel(0)]], prompts: inputs)
                _ = model.decode([[model.config.decoderStartTokenID]], encoder: encoded, prompts: inputs)
            }
            return rows
        }
        let kit = ActivationPattern.record(model: model, prompts: prompts[0].promptInputs(), sentinel: vocabulary.sentinel(0))
            .cosine(ActivationPattern.record(model: model, prompts: prompts[1].promptInputs(), sentinel: vocabulary.sentinel(0)))
        let (first, second) = (activations(prompts[0]), activations(prompts[1]))
        #expect(first.count == 2 && kit > 0 && kit < 1, "ON \(kit): the check would be vacuous")
        #expect(try windowedON(first, second, window: 2) == [kit])
    }

    @Test("8.3 Spearman's rank correlation with ties")
    func ex8_3_spearmanRho() throws {
        #expect(Self.same([try spearmanRho([1, 2, 2, 3], [1, 3, 2, 4])], [3 / 10.0.squareRoot()]))
        #expect(Self.same([try spearmanRho([1, 1, 2, 2], [1, 2, 1, 2])], [0]))
        #expect(Self.same([try spearmanRho([1, .nan, 3, 4], [1, 2, 3, 4])], [1]))
        #expect(Self.same([try spearmanRho([1, 2, 3], [30, 20, -10])], [-1]))
        #expect(try spearmanRho([5, 5, 5], [1, 2, 3]) == nil)
        #expect(try spearmanRho([1, .infinity], [1, 2]) == nil)
        #expect(try spearmanRho([], []) == nil)
        #expect(throws: TransferError.self) { try spearmanRho([1, 2], [1]) }

        // Against the kit's spearman on random samples with many ties and some NaNs.
        var rng = SeededGenerator(seed: 84)
        var mismatches: [String] = []
        for trial in 0..<300 {
            let n = rng.nextInt(below: 12)
            func sample() -> [Double] { (0..<n).map { _ in rng.nextUniform() < 0.1 ? .nan : Double(rng.nextInt(below: 5)) / 2 } }
            let (x, y) = (sample(), sample())
            if !Self.same([try spearmanRho(x, y)], [spearman(x, y)], 1e-10) { mismatches.append("trial \(trial): \(x) \(y)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 300 differ from spearman, e.g. \(mismatches.prefix(2))")
    }

    @Test("8.4 one projector step by hand")
    func ex8_4_projectorStep() throws {
        var rng = SeededGenerator(seed: 85)
        let weights = ProjectorWeights(inWidth: 3, hidden: 4, outWidth: 2, seed: 86)
        let rows: [[Float]] = (0..<5).map { _ in (0..<3).map { _ in Float(rng.nextNormal()) } }
        let targets: [[Float]] = (0..<5).map { _ in (0..<2).map { _ in Float(rng.nextNormal()) } }
        let mine = try projectorStep(weights, rows: rows, targets: targets, learningRate: 0.1)

        let kit = PromptProjector(weights)
        let loss = kit.sgdStep(Tensor(rows.flatMap { $0 }, shape: [5, 3]), targets: Tensor(targets.flatMap { $0 }, shape: [5, 2]), learningRate: 0.1)
        #expect(abs(mine.loss - Double(loss)) < 1e-5, "loss \(mine.loss), PromptProjector \(loss)")
        let (a, b) = (mine.updated, kit.weights)
        let pairs = [(a.w1, b.w1), (a.b1, b.b1), (a.w2, b.w2), (a.b2, b.b2)]
        #expect(pairs.allSatisfy { x, y in zip(x, y).allSatisfy { abs($0 - $1) < 1e-5 } }, "updated weights differ from PromptProjector.sgdStep")
        #expect(weights.w1 != a.w1 && weights.b1 != a.b1, "the first layer did not move")

        // Central differences of the loss (in Double): the step divided by -lr is the gradient.
        func lossOf(_ w: ProjectorWeights) -> Double {
            zip(rows, targets).reduce(0) { total, pair in
                let h = (0..<w.hidden).map { r in Foundation.tanh((0..<w.inWidth).reduce(Double(w.b1[r])) { $0 + Double(w.w1[r * w.inWidth + $1]) * Double(pair.0[$1]) }) }
                return total + (0..<w.outWidth).reduce(0) { s, r in
                    let y = (0..<w.hidden).reduce(Double(w.b2[r])) { $0 + Double(w.w2[r * w.hidden + $1]) * h[$1] } - Double(pair.1[r])
                    return s + y * y
                }
            } / Double(rows.count * w.outWidth)
        }
        #expect(abs(lossOf(weights) - mine.loss) < 1e-9)
        for (k, (field, moved)) in [(\ProjectorWeights.w1, a.w1), (\ProjectorWeights.b2, a.b2)].enumerated() {
            for j in 0..<moved.count {
                var (up, down) = (weights, weights)
                up[keyPath: field][j] += 1e-3
                down[keyPath: field][j] -= 1e-3
                let numeric = (lossOf(up) - lossOf(down)) / 2e-3
                let analytic = Double(weights[keyPath: field][j] - moved[j]) / 0.1
                #expect(abs(numeric - analytic) < 1e-3, "parameter group \(k), entry \(j): \(analytic) vs \(numeric)")
            }
        }

        // All weights 0: the loss is the mean squared target and only b2 moves, by 2·lr·mean target.
        let zero = ProjectorWeights(inWidth: 3, hidden: 4, outWidth: 2, w1: .init(repeating: 0, count: 12), b1: .init(repeating: 0, count: 4),
                                    w2: .init(repeating: 0, count: 8), b2: [0, 0])
        let still = try projectorStep(zero, rows: rows, targets: targets, learningRate: 0.5)
        let meanSquare = targets.joined().reduce(0.0) { $0 + Double($1) * Double($1) } / 10
        #expect(abs(still.loss - meanSquare) < 1e-6 && still.updated.w1 == zero.w1 && still.updated.w2 == zero.w2)
        for r in 0..<2 {
            let meanTarget = targets.reduce(0.0) { $0 + Double($1[r]) } / 5
            #expect(abs(Double(still.updated.b2[r]) - 2 * 0.5 * meanTarget / 2) < 1e-6)
        }
        #expect(throws: TransferError.self) { try projectorStep(weights, rows: [], targets: [], learningRate: 0.1) }
        #expect(throws: TransferError.self) { try projectorStep(weights, rows: [[1, 2]], targets: [[1, 2]], learningRate: 0.1) }
    }
}
