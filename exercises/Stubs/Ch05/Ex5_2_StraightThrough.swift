// Exercise 5.2: the straight-through masked prompt (chapter 5, "Learning through a hard threshold").
// The model sees θ̂ = θ ⊙ m. The top-k step that makes m from the scores has no useful gradient
// (it is flat almost everywhere), so the backward pass pretends m is the scores themselves.

import ExerciseSupport
import Tensors

/// θ̂ = values ⊙ mask as one graph operation with inputs `values` and `scores`: entry j is
/// values[j] where mask[j] is true, else 0. values and scores have the same shape, mask has one
/// entry per element, and the result has values' shape.
/// - Backward, with g = ∂L/∂θ̂: values receive g ⊙ m (only kept entries learn) and scores receive
///   g ⊙ θ, with θ the values, not θ̂ (straight-through: the gradient m would get, given to s).
/// - Gradients are added to whatever the inputs already collected (θ may be used elsewhere in the
///   same loss, as in the tests); an input whose requiresGrad is false gets no gradient at all.
/// Example: θ [2, -3], m [true, false], g [1, 1] → θ̂ [2, 0], ∂θ [1, 0], ∂s [2, -3].
/// The tests compare with the library's `maskedPrompt` and check θ's gradient by finite
/// differences (the scores' gradient is a surrogate by design: it has nothing to agree with).
public func straightThroughMask(values: Tensor, scores: Tensor, mask: [Bool]) throws -> Tensor {
    // TODO(5.2): replace the next line with your implementation (stuck? `lpt hint 5.2`).
    throw Unimplemented("5.2")
}
