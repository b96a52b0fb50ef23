// Selector (b), SupSup's one-shot task inference (Wortsman et al. 2020) on lottery prompts:
// superpose the learned masks with equal weights α_i = 1/T, run the novel examples with
// θ̂ = θ ⊙ Σ α_i m_i, and ask which coefficient, raised, lowers the output entropy fastest:
//     g_i = ∂H/∂α_i = ⟨∂H/∂θ̂, θ ⊙ m_i⟩        (θ̂ is linear in each α_i)
// The pick is argmin g_i, the most negative gradient: SupSup's code takes the minimum (the paper's
// "highest gradient" reads as the size of the descent). The argmin runs over learned masks only:
// SupSup's empty slots have g = 0 and would win whenever every learned g is positive.
//
// H needs targets to teacher-force the decoder on. Zero-shot there are no labels, so the kit uses
// the model's own greedy output under the superposed prompt: H then measures how peaked each
// step's distribution is along the answer the superposition currently gives, and g_i says which
// mask sharpens that answer most. (The first step alone would ignore most of the output; gold
// targets would need labels.)

import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors

/// The entropy at a superposition and its gradient with respect to every coefficient.
public struct EntropyGradient: Equatable, Sendable {
    /// The α_i used, one per learned mask.
    public let alphas: [Double]
    /// H: mean entropy per labelled decoder step.
    public let entropy: Double
    /// g_i = ∂H/∂α_i, one per learned mask.
    public let gradients: [Double]
    /// The teacher-forcing targets, one row per example (the superposition's greedy output unless given).
    public let targets: [[Int]]
}

extension MaskSelector {
    // snippet.gradient-selector
    public func gradient(_ examples: [UIEExample], schemas: TaskSchemas) throws -> MaskSelection {
        let result = try entropyGradient(examples, schemas: schemas)
        let tasks = try learned().map(\.task)
        return try MaskSelection(rule: .mostNegativeGradient,
                                 scores: zip(tasks, result.gradients).map { MaskScore(task: $0, score: $1) })
    }

    /// H and g at `alphas` (default 1/T each). `targets` fixes the teacher-forcing rows (for a
    /// finite-difference check); nil decodes them greedily under the superposition.
    public func entropyGradient(_ examples: [UIEExample], schemas: TaskSchemas, alphas given: [Double]? = nil,
                                targets fixed: [[Int]]? = nil) throws -> EntropyGradient {
        let masks = try learned()
        let alphas = given ?? masks.map { _ in 1 / Double(masks.count) }
        guard alphas.count == masks.count else {
            throw MaskSelectionError.invalidOption(name: "alphas", value: "\(alphas.count) values", reason: "need one per learned mask (\(masks.count))")
        }
        guard fixed == nil || fixed!.count == examples.count else {
            throw MaskSelectionError.invalidOption(name: "targets", value: "\(fixed!.count) rows", reason: "need one per example (\(examples.count))")
        }
        let batches = try NovelBatches(examples, schemas: schemas, encoder: encoder, batchSize: options.batchSize)
        // θ̂ as a leaf: its gradient is ∂H/∂θ̂, from which every g_i follows by one dot product.
        let theta = lottery.values.data
        let superposed = try superposedMask(alphas: alphas)
        let thetaHat = Tensor(zip(theta, superposed).map(*), shape: lottery.layout.shape, requiresGrad: true)
        let prompts = GradMode.$isEnabled.withValue(true) { lottery.layout.inputs(thetaHat) }   // slices on the graph
        var targets: [[[Int]]] = []
        var start = 0
        for b in batches.sources.indices {
            let n = batches.sources[b].count
            targets.append(fixed.map { Array($0[start..<(start + n)]) }
                ?? greedyTargets(sources: batches.sources[b], texts: batches.texts[b], schemas: schemas, prompts: prompts))
            start += n
        }
        let steps = targets.joined().reduce(0) { $0 + $1.count }
        // The backbone stays frozen: only θ̂ should collect a gradient (restored afterwards).
        let trainable = model.parameters.map(\.requiresGrad)
        model.setFrozen(true)
        defer { for (p, flag) in zip(model.parameters, trainable) { p.requiresGrad = flag } }
        var entropy = 0.0
        // Recorded even inside a caller's withNoGrad: without a graph every g_i would read 0.
        GradMode.$isEnabled.withValue(true) {
            for b in batches.sources.indices {   // each batch adds its share into θ̂.grad
                let batch = SELEncoder.batch(sources: batches.sources[b], targets: targets[b])
                let encoded = model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
                let logits = model.decode(model.shiftRight(batch.labels), encoder: encoded, prompts: prompts)
                let h = decoderEntropy(logits: logits, labels: batch.labels, normalizer: steps)
                h.backward()
                entropy += Double(h.item)
            }
        }
        let grad = thetaHat.grad ?? [Float](repeating: 0, count: theta.count)
        let gradients = masks.map { _, mask in
            (0..<mask.count).reduce(0.0) { $0 + (mask[$1] ? Double(grad[$1]) * Double(theta[$1]) : 0) }
        }
        return EntropyGradient(alphas: alphas, entropy: entropy, gradients: gradients, targets: Array(targets.joined()))
    }
    // snippet.end

    /// Σ_i α_i m_i as floats over the whole current prompt; a mask shorter than the prompt
    /// (learned before an expansion) is zero on the added entries.
    public func superposedMask(alphas: [Double]? = nil) throws -> [Float] {
        let masks = try learned()
        let alphas = alphas ?? masks.map { _ in 1 / Double(masks.count) }
        var out = [Float](repeating: 0, count: lottery.layout.parameterCount)
        for ((_, mask), alpha) in zip(masks, alphas) {
            for j in 0..<mask.count where mask[j] { out[j] += Float(alpha) }
        }
        return out
    }
}
