// Exercise 7.2: the one-shot gradient and its sign (chapter 7, "(b) The one-shot gradient").
// SupSup's task inference: superpose the learned masks with weights α_i (1/T each), run the
// novel examples once with θ̂ = θ ⊙ Σ_i α_i m_i, take the output entropy H and ask which α_i,
// raised, lowers H fastest. One backward pass gives ∂H/∂θ̂; every ∂H/∂α_i follows from it.

import ExerciseSupport
import LotteryMasks
import NovelTasks

/// g_i = ∂H/∂α_i for every learned mask, in learning order. θ̂_j = θ_j · Σ_i α_i m_i[j] is linear
/// in α_i with ∂θ̂_j/∂α_i = θ_j · m_i[j], so by the chain rule
///     g_i = Σ_j ∂H/∂θ̂_j · θ_j · m_i[j] = ⟨∂H/∂θ̂, θ ⊙ m_i⟩.
/// entropyGradient (∂H/∂θ̂) and theta are flat, one entry per prompt entry (P). A mask learned
/// before the prompt grew covers fewer entries (mask.count < P): the entries it lacks are 0.
/// Sum in Double. Example: ∂H/∂θ̂ [1, −1, 2, 0.5], θ [2, 3, −1, 4], masks 1001, 0110, 1100
/// → [1·2 + 0.5·4, −1·3 + 2·(−1), 1·2 − 1·3] = [4, −5, −1].
public func coefficientGradients(entropyGradient: [Float], theta: [Float], masks: [PromptMask]) throws -> [Double] {
    // TODO(7.2): for each mask, sum entropyGradient[j] · theta[j] over the j in 0..<mask.count
    // where mask[j] is set (PromptMask has a subscript), converting each factor to Double.
    throw Unimplemented("7.2")
}

/// SupSup's pick: the index of the most negative g_i (raising α_i lowers H the most), not the
/// largest |g_i|. Only learned masks compete: even when every g_i is positive, the smallest one
/// is picked (an empty slot at g = 0 is not a candidate). Ties go to the earlier mask; a NaN
/// never beats a number. No masks: throw MaskSelectionError.noLearnedMasks.
/// Example: [4, −5, −1] → 1; [10, −0.1] → 1; [0.4, 0.1, 0.3] → 1.
public func pickMostNegative(_ gradients: [Double]) throws -> Int {
    // TODO(7.2): an argmin with a strict <, skipping NaN; check the sign of your comparison.
    throw Unimplemented("7.2")
}
