// Exercise 5.2: edge-popup's mask, ranked by |s| (chapter 5, "Learning through a hard threshold").
// The chapter's straight-through rule gives the scores g ⊙ θ because the kit ranks s itself.
// Edge-popup and SupSup rank |s| instead; the same estimator then hands the scores a different gradient.

import ExerciseSupport
import LotteryMasks
import Tensors

/// θ̂ = values ⊙ m with m = the top-k of |scores|, as one graph operation with inputs `values` and
/// `scores` (same shape; the result has that shape too).
/// - The mask keeps the kept count of exercise 5.1 (keepFraction·P rounded, halves away from zero,
///   clamped to 0...P) at the largest |s|; equal |s| go to the lower index, so 0.3 and -0.3 tie.
/// - Backward, with g = ∂L/∂θ̂: values receive g ⊙ m, and the scores receive the gradient the
///   straight-through estimator gives them when the top-k is taken of |s| rather than of s.
///   A score that is exactly zero (+0 or -0) receives 0.
/// - Gradients are added to whatever the inputs already hold (the tests use θ twice in one loss);
///   an input whose requiresGrad is false gets no gradient at all.
/// Example: θ [2, -3, 4, 1], s [0.5, -0.9, 0.1, -0.0], keep 0.5, g of ones → m [T, T, F, F],
/// θ̂ [2, -3, 0, 0], ∂θ [1, 1, 0, 0], ∂s [2, 3, 4, 0].
/// The tests compare with the library's `maskedPrompt` fed |s| made in the graph, check θ's gradient
/// by finite differences, and check that all-positive scores give exactly the kit's own mask.
public func absScoreMask(values: Tensor, scores: Tensor, keepFraction: Double) throws -> Tensor {
    // TODO(5.2): replace the next line with your implementation (stuck? `lpt hint 5.2`).
    throw Unimplemented("5.2")
}
