// Exercise 5.2 (solution): the mask from |s|; backward g ⊙ m to θ and g ⊙ θ ⊙ sign(s) to the scores,
// the chain rule through |s| (whose derivative is sign(s), 0 at 0).

import ExerciseSupport
import LotteryMasks
import Tensors

public func absScoreMask(values: Tensor, scores: Tensor, keepFraction: Double) throws -> Tensor {
    let mask = PromptMask.top(keepFraction: keepFraction, of: scores.data.map { abs($0) })
    let bits = mask.floats
    let signs: [Float] = scores.data.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    let out = zip(values.data, bits).map(*)
    return Tensor(result: out, shape: values.shape, op: "abs-score-mask", inputs: [values, scores]) { g in
        if values.requiresGrad { values.accumulateGrad(zip(g, bits).map(*)) }
        if scores.requiresGrad { scores.accumulateGrad(g.indices.map { g[$0] * values.data[$0] * signs[$0] }) }
    }
}
