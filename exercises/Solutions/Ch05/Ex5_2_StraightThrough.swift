// Exercise 5.2 (solution): forward θ ⊙ m; backward g ⊙ m to θ and g ⊙ θ to the scores.

import ExerciseSupport
import Tensors

public func straightThroughMask(values: Tensor, scores: Tensor, mask: [Bool]) throws -> Tensor {
    let bits: [Float] = mask.map { $0 ? 1 : 0 }
    let out = zip(values.data, bits).map(*)
    return Tensor(result: out, shape: values.shape, op: "lottery-mask", inputs: [values, scores]) { g in
        if values.requiresGrad { values.accumulateGrad(zip(g, bits).map(*)) }
        if scores.requiresGrad { scores.accumulateGrad(zip(g, values.data).map(*)) }
    }
}
