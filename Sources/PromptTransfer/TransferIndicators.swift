// Transferability indicators for every source-target pair (chapter 8), and how well each one
// ranks sources the way the transfer matrix does. Three compare the prompts as vectors, one
// compares the neurons each prompt switches on by itself (ON, ActivatedNeurons.swift), and one
// is chapter 7's data-based signature overlap. The paper's claim under test: ON predicts
// transfer better than embedding similarity.

import Foundation
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors

public enum Indicator: String, CaseIterable, Codable, Sendable {
    case flatCosine = "cosine (flat)"
    case positionCosine = "cosine (per position)"
    case euclidean = "Euclidean distance"
    case activatedNeurons = "ON (decoder, prompt only)"
    case dataNeurons = "neuron overlap (encoder, task data)"

    /// True for the distance: a smaller value should mean more transfer, so a good distance has a negative ρ.
    public var lowerMeansCloser: Bool { self == .euclidean }
}

// snippet.indicator-table
public struct IndicatorTable: Sendable {
    public let tasks: [String]
    /// values[indicator][s][t] for s ≠ t (the diagonal is NaN: a prompt is not its own source).
    public var values: [String: [[Double]]]

    public func value(_ indicator: Indicator, source s: Int, target t: Int) -> Double { values[indicator.rawValue]![s][t] }

    /// Spearman's ρ between `indicator` and `outcome` (e.g. relative transfer) over every
    /// off-diagonal pair at once, and the mean of the per-target ρ over sources (each target
    /// ranks its own sources: the question a user with a new target asks). `rho` computes ρ
    /// (stage 8's `--mine` passes the learner's exercise 8.3).
    public func correlation(_ indicator: Indicator, with outcome: [[Double]],
                            rho: ([Double], [Double]) throws -> Double? = spearman) rethrows -> (pooled: Double?, pairs: Int, perTarget: Double?, targets: Int) {
        var xs: [Double] = [], ys: [Double] = [], perTarget: [Double] = []
        for t in tasks.indices {
            let sources = tasks.indices.filter { $0 != t }
            let x = sources.map { value(indicator, source: $0, target: t) }, y = sources.map { outcome[$0][t] }
            xs += x
            ys += y
            if let value = try rho(x, y) { perTarget.append(value) }
        }
        let pairs = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }.count
        return (try rho(xs, ys), pairs, perTarget.isEmpty ? nil : meanOrNaN(perTarget), perTarget.count)
    }
}
// snippet.end

extension IndicatorTable {
    /// Computes every indicator for every ordered pair of `prompts` (in `tasks` order). `data`
    /// supplies the dev sentences of chapter 7's signatures.
    public static func compute(tasks: [String], prompts: [TrainedPrompt], data: [TaskData], model: T5Model, vocabulary: Vocabulary,
                               layout: PromptLayout, options: TransferOptions) throws -> IndicatorTable {
        let values = tasks.map { id in prompts.first { $0.task == id }!.values }
        let inputs = values.map { v in withNoGrad { layout.inputs(Tensor(v, shape: layout.shape)) } }
        guard vocabulary.sentinelCount > 0 else {
            throw TransferError.invalidOption(name: "backbone vocabulary", value: "no sentinel tokens", reason: "ON feeds the model a sentinel token")
        }
        let sentinel = vocabulary.sentinel(0)
        let patterns = inputs.map { ActivationPattern.record(model: model, prompts: $0, sentinel: sentinel) }
        let task = tasks.map { id in data.first { $0.spec.id == id }! }
        func signature(_ s: Int, _ t: Int) throws -> NeuronSignature {   // task t's dev data under s's prompt
            try NeuronSignature.record(model: model, vocabulary: vocabulary, prompts: inputs[s],
                                       examples: Array(task[t].dev.prefix(options.signatureExamples)), schemas: task[t].spec.schemas,
                                       fraction: options.signatureFraction)
        }
        let own = try tasks.indices.map { try signature($0, $0) }
        var table = IndicatorTable(tasks: tasks, values: [:])
        var grids = Dictionary(uniqueKeysWithValues: Indicator.allCases.map { ($0, tasks.map { _ in [Double](repeating: .nan, count: tasks.count) }) })
        for s in tasks.indices { for t in tasks.indices where s != t {
            grids[.flatCosine]![s][t] = PromptSimilarity.flatCosine(values[s], values[t])
            grids[.positionCosine]![s][t] = PromptSimilarity.positionCosine(values[s], values[t], layout: layout)
            grids[.euclidean]![s][t] = PromptSimilarity.euclidean(values[s], values[t])
            grids[.activatedNeurons]![s][t] = patterns[s].cosine(patterns[t])
            // Chapter 7's question with s as the learned task and t as the newcomer: does t's data
            // under s's prompt light up the neurons s's own data did?
            grids[.dataNeurons]![s][t] = try signature(s, t).overlap(own[s])
        } }
        for (indicator, grid) in grids { table.values[indicator.rawValue] = grid }
        return table
    }
}
