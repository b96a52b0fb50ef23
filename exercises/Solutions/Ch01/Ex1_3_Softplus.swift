// Exercise 1.3 (solution): softplus with its gradient, the sigmoid.

import ExerciseSupport
import Foundation
import Tensors

public func softplus(_ x: Tensor) throws -> Tensor {
    let values = x.data.map { v in max(v, 0) + log(1 + exp(-abs(v))) }
    return Tensor(result: values, shape: x.shape, op: "softplus", inputs: [x]) { g in
        x.accumulateGrad(zip(g, x.data).map { gi, v in gi / (1 + exp(-v)) })
    }
}
