// What choosing a learned mask for a novel task produces (chapter 7, lpt-method §6): one score
// per learned mask, in learning order, and the pick. Every selector shares this type, so the
// stage binary and the CLI print and compare them the same way, against the random baseline and
// the best mask in hindsight (which callers find by evaluating every mask).

import Foundation

// snippet.selection-rule
/// How a selector turns its scores into a pick.
public enum SelectionRule: String, Codable, CaseIterable, Sendable {
    /// Perplexity (AdapterCL's rule, the paper's): the mask under which the data is least surprising.
    case lowestPerplexity = "lowest perplexity"
    /// SupSup's one-shot rule: raising that mask's coefficient lowers the output entropy fastest.
    case mostNegativeGradient = "most negative gradient"
    /// Activated-neuron overlap (Su et al. 2022): the mask that stimulates the model most like
    /// its own task did.
    case highestOverlap = "highest overlap"
    /// The baseline: a seeded uniform draw (its scores are all 0).
    case random = "random"

    /// True when a lower score wins.
    public var lowerIsBetter: Bool { self != .highestOverlap }
}
// snippet.end

public struct MaskScore: Codable, Equatable, Sendable {
    public let task: String
    public let score: Double
    public init(task: String, score: Double) { (self.task, self.score) = (task, score) }
}

public struct MaskSelection: Codable, Equatable, Sendable {
    public let rule: SelectionRule
    /// One score per learned mask, in learning order.
    public let scores: [MaskScore]
    /// Index of the chosen mask in `scores` (and in the lottery's `masks`).
    public let pickIndex: Int
    public var pick: String { scores[pickIndex].task }

    /// Picks by `rule`. Ties go to the earlier learned mask, so a pick never depends on anything
    /// but the scores. NaN scores never win (a diverged forward must not be chosen).
    public init(rule: SelectionRule, scores: [MaskScore]) throws {
        guard !scores.isEmpty else { throw MaskSelectionError.noLearnedMasks }
        var best = 0
        for (i, s) in scores.enumerated().dropFirst() where !s.score.isNaN {
            let current = scores[best].score
            if current.isNaN || (rule.lowerIsBetter ? s.score < current : s.score > current) { best = i }
        }
        (self.rule, self.scores, pickIndex) = (rule, scores, best)
    }

    /// The random baseline's pick: explicit index, scores all 0.
    init(randomPick index: Int, tasks: [String]) {
        (rule, scores, pickIndex) = (.random, tasks.map { MaskScore(task: $0, score: 0) }, index)
    }

    /// One line per mask, the pick marked: "  → ace04   12.31".
    public var table: String {
        let width = scores.map(\.task.count).max() ?? 0
        let lines = scores.enumerated().map { i, s in
            (i == pickIndex ? "  → " : "    ") + s.task.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + String(format: "%.4g", s.score)
        }
        return (["rule: \(rule.rawValue)"] + lines).joined(separator: "\n")
    }
}

public enum MaskSelectionError: Error, CustomStringConvertible, Equatable {
    case noLearnedMasks
    case noExamples
    case missingSignature(task: String)
    case maskLargerThanPrompt(task: String, maskEntries: Int, promptEntries: Int)
    case invalidOption(name: String, value: String, reason: String)
    case noObservedNeurons
    case signatureShape(task: String, stored: [Int], model: [Int])
    public var description: String {
        switch self {
        case .noLearnedMasks:
            return "no learned masks: a novel task chooses among the masks of finished tasks, and none has finished"
        case .noExamples:
            return "the novel task has no examples to score the masks on"
        case .missingSignature(let t):
            return "no neuron signature was recorded for learned task \(t) (record one with NeuronSignature.record when the task finishes)"
        case .maskLargerThanPrompt(let t, let m, let p):
            return "task \(t)'s mask covers \(m) entries but the prompt has only \(p)"
        case .invalidOption(let n, let v, let r):
            return "selector option \(n) = \(v): \(r)"
        case .noObservedNeurons:
            return "the forward pass reported no feed-forward activations (is the T5 observer hook wired?)"
        case .signatureShape(let t, let s, let m):
            return "task \(t)'s stored neuron signature covers blocks × neurons \(s), this model has \(m) (recorded with another model?)"
        }
    }
}
