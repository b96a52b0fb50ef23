// Exercise 7.2: the one-shot gradient and its sign (chapter 7, "(b) The one-shot gradient").
// SupSup's task inference: superpose the learned masks with weights α_i (1/T each), run the
// novel examples once with θ̂ = θ ⊙ Σ_i α_i m_i, take the output entropy H and ask which α_i,
// raised, lowers H fastest. One backward pass gives ∂H/∂θ̂; every ∂H/∂α_i follows from it.

import ExerciseSupport
import LotteryMasks
import NovelTasks

/// g_i = ∂H/∂α_i for every learned mask, in learning order, given ∂H/∂θ̂.
/// - entropyGradient (∂H/∂θ̂) and theta are flat, one entry per prompt entry (P).
/// - A mask learned before the prompt grew covers fewer entries (mask.count < P): the entries it
///   lacks are not in it. A mask with no entries gives 0.
/// - Sum in Double. The tests compare with central differences of a toy entropy in α and with
///   `MaskSelector.entropyGradient` on a tiny T5.
/// Example: ∂H/∂θ̂ [1, −1, 2, 0.5], θ [2, 3, −1, 4], masks 1001, 0110, 1100 → [4, −5, −1].
public func coefficientGradients(entropyGradient: [Float], theta: [Float], masks: [PromptMask]) throws -> [Double] {
    // TODO(7.2): replace the next line with your implementation (stuck? `lpt hint 7.2`).
    throw Unimplemented("7.2")
}

/// SupSup's pick: the index of the most negative g_i (raising α_i lowers H the most), not the
/// largest |g_i|. Only learned masks compete: even when every g_i is positive, the smallest one
/// is picked (an empty slot at g = 0 is not a candidate). Ties go to the earlier mask; a NaN
/// never wins, not even in first place. No masks: throw MaskSelectionError.noLearnedMasks.
/// Examples: [4, −5, −1] → 1; [10, −0.1] → 1; [0.4, 0.1, 0.3] → 1; [−2, −2, −1] → 0;
/// [NaN, 0.5, −0.5] → 2.
public func pickMostNegative(_ gradients: [Double]) throws -> Int {
    // TODO(7.2): replace the next line with your implementation.
    throw Unimplemented("7.2")
}
