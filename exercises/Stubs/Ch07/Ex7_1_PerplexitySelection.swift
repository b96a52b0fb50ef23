// Exercise 7.1: perplexity selection, every token counted once (chapter 7, "(a) Perplexity").
// A novel task borrows one learned mask. AdapterCL's rule, the one the paper's experiments use:
// run the task's examples under every learned lottery prompt θ ⊙ m_i and keep the mask under
// which the target tokens are least surprising, i.e. the one with the lowest perplexity.

import ExerciseSupport
import Foundation
import NovelTasks

/// One mask's perplexity on the novel task: exp(mean NLL per target token over all batches).
/// batches[b].meanNLL is the model's loss on batch b (already a mean over that batch's target
/// tokens) and batches[b].tokens how many tokens that mean covers. Every token counts once, as
/// in one big batch: mean = Σ_b meanNLL_b · tokens_b / Σ_b tokens_b, summed in Double.
/// No tokens at all (no batches, or only empty ones): throw MaskSelectionError.noExamples.
/// Example: [(1, 2), (4, 6)] → exp((1·2 + 4·6) / 8) = exp(3.25) ≈ 25.79.
public func perplexity(batches: [(meanNLL: Float, tokens: Int)]) throws -> Double {
    // TODO(7.1): accumulate total NLL and token count, guard against 0 tokens, return exp of the
    // ratio. Averaging the batch means instead would give exp(2.5) in the example: a batch of
    // 2 tokens would weigh as much as one of 6.
    throw Unimplemented("7.1")
}

/// Every candidate's perplexity (candidates[i] holds mask i's batches, in learning order) and the
/// index of the lowest. Ties go to the earlier candidate; a NaN perplexity (a diverged forward
/// pass) never beats a number. No candidates: throw MaskSelectionError.noLearnedMasks.
/// Example: perplexities [7.4, 2.7, 2.7, NaN] → pick 1.
public func pickLowestPerplexity(_ candidates: [[(meanNLL: Float, tokens: Int)]]) throws
    -> (perplexities: [Double], pick: Int) {
    // TODO(7.1): map perplexity(batches:) over the candidates, then scan them once, replacing
    // the best index only on a strictly lower value (or when the current best is NaN).
    throw Unimplemented("7.1")
}
