// Exercise 5.2: the straight-through masked prompt (chapter 5, "Straight-through").
// The model sees θ̂ = θ ⊙ m. The top-k step that makes m from the scores has no useful gradient
// (it is flat almost everywhere), so the backward pass pretends m is the scores themselves.

import ExerciseSupport
import Tensors

/// θ̂ = values ⊙ mask as one graph operation: entry j is values[j] where mask[j] is true, else 0.
/// Backward, with g = ∂L/∂θ̂: values receive g ⊙ m (only kept entries learn) and scores receive
/// g ⊙ θ (straight-through: the gradient m would get, given to s). values and scores have the
/// same shape, and mask has one entry per element. The result has values' shape.
/// Example: θ [2, -3], m [true, false], g [1, 1] → θ̂ [2, 0], ∂θ [1, 0], ∂s [2, -3].
public func straightThroughMask(values: Tensor, scores: Tensor, mask: [Bool]) throws -> Tensor {
    // TODO(5.2): compute the forward values, then return
    //   Tensor(result: out, shape: values.shape, op: "lottery-mask", inputs: [values, scores]) { g in … }
    // Inside the closure, for each input whose requiresGrad is true, add its gradient with
    // accumulateGrad (add, never assign: θ may be used elsewhere in the same graph). The scores'
    // gradient multiplies g by θ, the values, not by θ̂: a dropped entry still tells its score
    // how much it would have helped.
    throw Unimplemented("5.2")
}
