// One entry point for every selector, so the stage binary and the CLI can loop over them, plus
// the seeded random baseline. "Best in hindsight" (evaluate every mask, keep the best) needs the
// test split and the scorer, so callers compute it.

import LotteryMasks
import SEL
import Tensors

// snippet.selector-kind
public enum SelectorKind: String, Codable, CaseIterable, Sendable {
    case perplexity, gradient, neurons

    public var rule: SelectionRule {
        switch self {
        case .perplexity: return .lowestPerplexity
        case .gradient: return .mostNegativeGradient
        case .neurons: return .highestOverlap
        }
    }
}

extension MaskSelector {
    /// Runs selector `kind` on the novel task. `signatures` (task id → signature recorded when
    /// that task finished) is read only by `.neurons`.
    public func select(_ kind: SelectorKind, examples: [UIEExample], schemas: TaskSchemas,
                       signatures: [String: NeuronSignature] = [:]) throws -> MaskSelection {
        switch kind {
        case .perplexity: return try perplexity(examples, schemas: schemas)
        case .gradient: return try gradient(examples, schemas: schemas)
        case .neurons: return try neurons(examples, schemas: schemas, signatures: signatures)
        }
    }
    // snippet.end

    /// The baseline every selector must beat: a learned mask drawn uniformly with `seed`.
    public func random(seed: UInt64) throws -> MaskSelection {
        try MaskSelection.random(tasks: learned().map(\.task), seed: seed)
    }
}

extension MaskSelection {
    /// A uniform seeded draw among `tasks` (no model needed).
    public static func random(tasks: [String], seed: UInt64) throws -> MaskSelection {
        guard !tasks.isEmpty else { throw MaskSelectionError.noLearnedMasks }
        var rng = SeededGenerator(seed: seed)
        return MaskSelection(randomPick: rng.nextInt(below: tasks.count), tasks: tasks)
    }
}
