// Exercise 7.1: perplexity selection, every token counted once (chapter 7, "(a) Perplexity").
// A novel task borrows one learned mask. AdapterCL's rule, the one the paper's experiments use:
// run the task's examples under every learned lottery prompt θ ⊙ m_i and keep the mask under
// which the target tokens are least surprising, i.e. the one with the lowest perplexity.

import ExerciseSupport
import Foundation
import NovelTasks

/// One mask's perplexity on the novel task: exp(mean NLL per target token over all batches).
/// - batches[b].meanNLL is the model's loss on batch b, already a mean over that batch's target
///   tokens, and batches[b].tokens how many tokens that mean covers (possibly 0).
/// - Every token counts once, as in one big batch, so the result does not depend on how the
///   tokens were cut into batches: mean = Σ_b meanNLL_b · tokens_b / Σ_b tokens_b, in Double.
/// - No tokens at all (no batches, or only empty ones): throw MaskSelectionError.noExamples.
/// Example: [(1, 2), (4, 6)] → exp((1·2 + 4·6) / 8) = exp(3.25) ≈ 25.79, not exp(2.5).
public func perplexity(batches: [(meanNLL: Float, tokens: Int)]) throws -> Double {
    // TODO(7.1): replace the next line with your implementation (stuck? `lpt hint 7.1`).
    throw Unimplemented("7.1")
}

/// Every candidate's perplexity (candidates[i] holds mask i's batches, in learning order) and the
/// index of the lowest, as MaskSelection picks it.
/// - Ties go to the earlier candidate; a NaN perplexity (a diverged forward pass) never wins,
///   not even in first place.
/// - No candidates: throw MaskSelectionError.noLearnedMasks; a candidate's own error propagates.
/// Examples: perplexities [7.4, 2.7, 2.7, NaN] → pick 1; [NaN, 20.1, 7.4] → pick 2.
public func pickLowestPerplexity(_ candidates: [[(meanNLL: Float, tokens: Int)]]) throws
    -> (perplexities: [Double], pick: Int) {
    // TODO(7.1): replace the next line with your implementation.
    throw Unimplemented("7.1")
}
