// stage04 --mine: exercise 4.3's reparameterisation, trained. Li & Liang do not train the prompt's
// entries; they train a small seed matrix and an MLP, and the prompt is the MLP's output. The
// learner's `reparameterizedPrompt` lays that output out as the kit stores prompts, in every step
// of the run, so a wrong layout would train the wrong entries: it is checked before it is used.

import Exercises04
import ExerciseSupport
import SoftPrompts
import T5
import Tensors

/// A prompt whose entries are `reparameterizedPrompt(seed, mlp, layout)`: the seed and the MLP train,
/// the entries follow. After training only the output would need storing (Li & Liang drop the MLP).
final class MLPPrompt: TunablePrompt {
    let layout: PromptLayout
    /// [n, seedWidth]: one trainable row per prompt position.
    let seed: Tensor
    let mlp: MLP
    /// Adam's rate for the seed and the MLP. The prompt's own rate (0.3) moves each entry by about
    /// 0.3 a step; an MLP weight moved that far changes every output column it feeds at once.
    let learningRate: Float
    /// Prompts the learner's code was asked for, and how many times it threw (the kit's layout,
    /// the same numbers, was used then; the stage prints both counts).
    private(set) var calls = 0, failures = 0

    /// Seed columns and hidden units: Li & Liang's seed is narrower than the prompt, their MLP wider.
    static let seedWidth = 32, hidden = 256
    static let defaultLearningRate: Float = 0.003

    init(layout: PromptLayout, learningRate: Float, seed rngSeed: UInt64 = 1) {
        let (seedWidth, hidden) = (MLPPrompt.seedWidth, MLPPrompt.hidden)
        self.layout = layout
        self.learningRate = learningRate
        var rng = SeededGenerator(seed: rngSeed)
        seed = Tensor.normal([layout.length, seedWidth], std: 1, rng: &rng, requiresGrad: true)
        seed.name = "seed"
        mlp = MLP(widths: [seedWidth, hidden, MLPPrompt.outputWidth(layout)], seed: rngSeed &+ 1)
    }

    /// What one MLP row must hold: every stored entry of one prompt position.
    static func outputWidth(_ layout: PromptLayout) -> Int { layout.parameterCount / layout.length }

    var trainedParameters: Int { seed.count + mlp.parameters.reduce(0) { $0 + $1.count } }

    func parameterGroups(learningRate _: Float) -> [ParameterGroup] {
        [ParameterGroup(name: "seed and MLP", tensors: [seed] + mlp.parameters, learningRate: learningRate)]
    }

    func promptInputs() -> PromptInputs { layout.inputs(entries()) }
    func prepareGradients() {}
    var state: [(name: String, tensor: Tensor)] {
        [("seed", seed)] + mlp.weights.enumerated().map { ("mlp.w\($0.offset)", $0.element) }
            + mlp.biases.enumerated().map { ("mlp.b\($0.offset)", $0.element) }
    }

    /// The prompt's entries, laid out by the learner's code.
    func entries() -> Tensor {
        calls += 1
        do { return try reparameterizedPrompt(seed, mlp: mlp, layout: layout) } catch {
            failures += 1
            return KitLayout.prompt(try! mlp(seed), layout: layout)   // the kit's MLP uses tanh: never throws
        }
    }
}

/// The layout as the kit would do it, for the fallback above: a reshape and one permutation.
enum KitLayout {
    static func prompt(_ rows: Tensor, layout: PromptLayout) -> Tensor {
        guard layout.placement == .deep else { return rows }
        let layers = layout.encoderLayers + layout.decoderLayers
        return rows.reshaped([layout.length, layers, 2, layout.width]).permuted([1, 2, 0, 3])
    }
}

/// Why the learner's layout was refused.
struct LayoutDisagreement: Error, CustomStringConvertible {
    let description: String
}

/// The check before the run: on awkward layouts the learner's prompt, cut by `PromptLayout.inputs`,
/// must put MLP column block 2l + s of row i at layer l, key (s 0) or value (s 1), position i, and
/// a loss on the cut pieces must send the seed and every MLP parameter the gradient that the same
/// loss sends when read straight off the MLP's output columns. Returns the number of cases.
func checkYourReparameterization(runLayouts: [PromptLayout], seedWidth: Int, hidden: Int) throws -> Int {
    var odd = T5Config()   // d_model 16, but 3 heads of 5: a deep row is 15 wide; 2 + 3 layers
    (odd.vocabSize, odd.dModel, odd.dKV, odd.numHeads, odd.dFF, odd.numLayers, odd.numDecoderLayers) = (40, 16, 5, 3, 24, 2, 3)
    let cases: [(PromptLayout, [Int])] = [
        (PromptLayout(.deep, for: odd, length: 4), [3, 6]), (PromptLayout(.deep, for: odd, length: 1), [2, 3]),
        (PromptLayout(.shallow, for: odd, length: 3), [3, 5]),
    ] + runLayouts.map { ($0, [seedWidth, hidden]) }
    var rng = SeededGenerator(seed: 43)
    for (k, (layout, widths)) in cases.enumerated() {
        let seed = Tensor.normal([layout.length, widths[0]], std: 1, rng: &rng, requiresGrad: true)
        let mlp = MLP(widths: widths + [MLPPrompt.outputWidth(layout)], seed: UInt64(7 + k))
        let name = "\(layout.placement.rawValue), \(layout.encoderLayers) + \(layout.decoderLayers) layers of width \(layout.width), length \(layout.length)"
        let yours = try reparameterizedPrompt(seed, mlp: mlp, layout: layout)
        guard yours.shape == layout.shape else {
            throw LayoutDisagreement(description: "for a \(name) prompt your result has shape \(yours.shape), the layout stores \(layout.shape)")
        }
        // Where each piece's rows must come from: (row, first column) of the MLP output per stored entry.
        let rows = try mlp(seed)
        let m = MLPPrompt.outputWidth(layout)
        let pieces = pieceList(layout.inputs(yours))
        var weights: [Tensor] = [], spread = [Float](repeating: 0, count: layout.length * m)
        for (p, piece) in pieces.enumerated() {
            let w = Tensor.normal(piece.shape, std: 1, rng: &rng)
            weights.append(w)
            for i in 0..<layout.length {
                for c in 0..<layout.width {
                    let column = p * layout.width + c
                    spread[i * m + column] = w.data[i * layout.width + c]
                    guard piece.data[i * layout.width + c] == rows.data[i * m + column] else {
                        throw LayoutDisagreement(description: "for a \(name) prompt, \(pieceName(p, layout)) position \(i) column \(c) holds "
                                                 + "\(piece.data[i * layout.width + c]), but the MLP wrote \(rows.data[i * m + column]) there "
                                                 + "(row \(i), column \(column))")
                    }
                }
            }
        }
        // The same loss both ways; the gradients must agree to float rounding.
        let parameters = [seed] + mlp.parameters
        func gradients(_ loss: () throws -> Tensor) rethrows -> [[Float]] {
            for p in parameters { p.grad = nil }
            try loss().backward()
            return parameters.map { $0.grad ?? [Float](repeating: 0, count: $0.count) }
        }
        let viaYours = try gradients {
            zip(pieceList(layout.inputs(try reparameterizedPrompt(seed, mlp: mlp, layout: layout))), weights)
                .reduce(Tensor(scalar: 0)) { $0 + ($1.0 * $1.1).sum() }
        }
        let direct = try gradients { (try mlp(seed) * Tensor(spread, shape: [layout.length, m])).sum() }
        for (index, (a, b)) in zip(viaYours, direct).enumerated() {
            let scale = b.map(abs).max() ?? 0
            guard let worst = zip(a, b).map({ abs($0 - $1) }).max(), worst <= 1e-4 * max(1, scale) else {
                let what = index == 0 ? "the seed" : "MLP parameter \(index - 1)"
                throw LayoutDisagreement(description: "for a \(name) prompt the gradient reaching \(what) differs from the MLP's own "
                                         + "by up to \(zip(a, b).map { abs($0 - $1) }.max() ?? .infinity): is the result built from the MLP's output tensor?")
            }
        }
        for p in parameters { p.grad = nil }
    }
    return cases.count
}

/// The tensors a prompt feeds the model, in layout order: the shallow prompt, or each layer's key then value.
private func pieceList(_ inputs: PromptInputs) -> [Tensor] {
    if let prompt = inputs.inputPrompt { return [prompt] }
    return ((inputs.encoderPrefixes ?? []) + (inputs.decoderPrefixes ?? [])).flatMap { [$0.key, $0.value] }
}

private func pieceName(_ p: Int, _ layout: PromptLayout) -> String {
    guard layout.placement == .deep else { return "the shallow prompt's" }
    let layer = p / 2
    let stack = layer < layout.encoderLayers ? "encoder layer \(layer)" : "decoder layer \(layer - layout.encoderLayers)"
    return "\(stack)'s \(p % 2 == 0 ? "key" : "value")"
}
