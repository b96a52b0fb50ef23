// Which feed-forward neurons a prompt stimulates (Su et al., NAACL 2022, "On Transferability of
// Prompt Tuning"): they found that the overlap of the neurons two prompts activate predicts how
// well one prompt transfers to the other's task better than the prompts' own embedding
// similarity. The kit records such a signature for each learned task when it finishes, and a
// novel task's data under mask i is compared with task i's signature (NeuronSelector.swift).
//
// The signature, as the kit defines it: in every encoder block, the top `fraction` of the d_ff
// neurons ranked by their mean activation (after the ReLU) over all non-padding encoder positions
// of the examples (for a shallow prompt its positions count: they are part of the sequence).
// Per block, not over all blocks at once, because activation scales differ between blocks and
// one block would otherwise fill the set. Encoder only: the decoder's activations depend on a
// target sequence, which a zero-shot task does not have.

import Foundation
import LotteryMasks
import SEL
import T5
import Tensors

// snippet.neuron-signature
public struct NeuronSignature: Codable, Equatable, Sendable {
    /// Neurons per block (d_ff) and blocks observed: neuron n of block l has index l·width + n.
    public let width: Int, blocks: Int
    /// The selected neuron indices, ascending.
    public let active: [Int]

    public init(width: Int, blocks: Int, active: [Int]) {
        (self.width, self.blocks, self.active) = (width, blocks, active.sorted())
    }

    /// Intersection over union of the two neuron sets (1 when both are empty).
    public func overlap(_ other: NeuronSignature) -> Double {
        let a = Set(active), b = Set(other.active)
        let union = a.union(b).count
        return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
    }

    /// The signature of `examples` run under `prompts` (evaluation input: the sorted schema prompt).
    public static func record(model: T5Model, vocabulary: Vocabulary, prompts: PromptInputs, examples: [UIEExample],
                              schemas: TaskSchemas, fraction: Double = 0.1, batchSize: Int = 16) throws -> NeuronSignature {
        guard fraction > 0 && fraction <= 1 else {
            throw MaskSelectionError.invalidOption(name: "neuronFraction", value: "\(fraction)", reason: "must lie in (0, 1]")
        }
        let batches = try NovelBatches(examples, schemas: schemas, encoder: SELEncoder(vocabulary: vocabulary),
                                       batchSize: max(1, batchSize))
        let means = try meanActivations(model: model, sources: batches.sources, prompts: prompts)
        var active: [Int] = []
        for (block, row) in means.enumerated() {
            let top = PromptMask.top(keepFraction: fraction, of: row.map { Float($0) })   // ties: lower index
            active += (0..<row.count).filter { top[$0] }.map { block * row.count + $0 }
        }
        return NeuronSignature(width: means[0].count, blocks: means.count, active: active)
    }
    // snippet.end

    /// Mean activation of every encoder neuron over the non-padding positions, [block][neuron].
    /// `sources` are batches of encoder inputs (SEL source ids, one batch padded by `SELEncoder.batch`).
    public static func meanActivations(model: T5Model, sources: [[[Int]]], prompts: PromptInputs) throws -> [[Double]] {
        let blocks = model.config.numLayers, width = model.config.dFF
        var sums = [[Double]](repeating: [Double](repeating: 0, count: width), count: blocks)
        var positions = 0
        let learnerRule = NeuronMeansHook.rule
        var captured: [[Tensor]] = [], masks: [[[Int]]] = []
        for rows in sources {
            let batch = SELEncoder.batch(sources: rows, targets: [[0]])
            let mask = batch.attentionMask ?? batch.inputIDs.map { $0.map { _ in 1 } }
            var observed = 0
            var hooked = prompts
            if learnerRule != nil { (captured, masks) = (captured + [[]], masks + [mask]) }
            hooked.feedForwardObserver = { stack, layer, activations in   // [B, S', dFF]
                guard stack == .encoder else { return }
                observed += 1
                if learnerRule != nil { captured[captured.count - 1].append(Tensor(activations.data, shape: activations.shape)) }
                let (b, s) = (activations.shape[0], activations.shape[1])
                let promptPositions = s - mask[0].count   // a shallow prompt comes first
                activations.data.withUnsafeBufferPointer { a in
                    for row in 0..<b {
                        for t in 0..<s where t < promptPositions || mask[row][t - promptPositions] == 1 {
                            let base = (row * s + t) * width
                            for n in 0..<width { sums[layer][n] += Double(a[base + n]) }
                        }
                    }
                }
            }
            _ = withNoGrad { model.encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: hooked) }
            guard observed == blocks else { throw MaskSelectionError.noObservedNeurons }
            let promptLength = prompts.inputPrompt?.shape[0] ?? 0
            positions += mask.reduce(0) { $0 + $1.reduce(0, +) + promptLength }
        }
        let means = sums.map { $0.map { $0 / Double(max(positions, 1)) } }
        guard let learnerRule else { return means }
        // Stage 7's --mine: the learner's means decide; if they throw or have the wrong shape, the
        // kit's are used and the failure is counted.
        let promptLength = prompts.inputPrompt?.shape[0] ?? 0
        if let yours = try? learnerRule(captured, masks, promptLength), yours.count == blocks, yours.allSatisfy({ $0.count == width }) {
            NeuronMeansHook.count(failed: false)
            return yours
        }
        NeuronMeansHook.count(failed: true)
        return means
    }
}

/// Where stage 7's `--mine` puts the learner's exercise 7.3 into the neuron selector: while `body`
/// runs, every signature's mean activations come from `rule` (the observed activations of each
/// batch, [B, S', d_ff] per encoder block; each batch's attention mask; the shallow prompt's
/// length). A plain locked global rather than a task-local: `body` is ordinary synchronous code.
public enum NeuronMeansHook {
    public typealias Rule = @Sendable (_ batches: [[Tensor]], _ masks: [[[Int]]], _ promptLength: Int) throws -> [[Double]]
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed: Rule?
    nonisolated(unsafe) private static var tally = (calls: 0, failures: 0)

    /// Runs `body` with `rule` installed; returns its result and how often the rule was asked and failed.
    public static func with<R>(_ rule: @escaping Rule, _ body: () throws -> R) rethrows -> (result: R, calls: Int, failures: Int) {
        lock.lock(); (installed, tally) = (rule, (0, 0)); lock.unlock()
        defer { lock.lock(); installed = nil; lock.unlock() }
        let result = try body()
        lock.lock(); defer { lock.unlock() }
        return (result, tally.calls, tally.failures)
    }

    static var rule: Rule? { lock.lock(); defer { lock.unlock() }; return installed }
    static func count(failed: Bool) {
        lock.lock(); defer { lock.unlock() }
        tally.calls += 1
        if failed { tally.failures += 1 }
    }
}
