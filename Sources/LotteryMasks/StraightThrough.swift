// The lottery prompt θ̂ = θ ⊙ m with m = top-k(s) (chapter 5). The top-k indicator has zero
// gradient almost everywhere, so the backward pass pretends it is the identity (the
// straight-through estimator, Bengio et al. 2013): the scores get the gradient the mask would get.

import Tensors

// snippet.straight-through
/// θ̂ = θ ⊙ m in the forward pass. Backward: ∂L/∂θ = g ⊙ m (only selected entries learn) and
/// ∂L/∂s = g ⊙ θ (as if m were s itself).
public func maskedPrompt(values θ: Tensor, scores s: Tensor, mask m: PromptMask) -> Tensor {
    precondition(θ.shape == s.shape && θ.count == m.count, "prompt \(θ.shape), scores \(s.shape), mask of \(m.count)")
    let bits = m.floats
    var out = θ.data
    for j in out.indices { out[j] *= bits[j] }
    return Tensor(result: out, shape: θ.shape, op: "lottery-mask", inputs: [θ, s]) { g in
        if θ.requiresGrad { θ.withGradBuffer { d in for j in d.indices { d[j] += g[j] * bits[j] } } }
        if s.requiresGrad { s.withGradBuffer { d in for j in d.indices { d[j] += g[j] * θ.data[j] } } }
    }
}
// snippet.end
