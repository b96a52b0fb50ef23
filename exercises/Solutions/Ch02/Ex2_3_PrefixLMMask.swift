// Exercise 2.3 (solution): the additive causal mask, the most negative finite Float above the diagonal.

import ExerciseSupport

public func causalMask(length: Int) throws -> [Float] {
    var mask = [Float](repeating: 0, count: length * length)
    for q in 0..<length {
        for k in (q + 1)..<max(q + 1, length) { mask[q * length + k] = -Float.greatestFiniteMagnitude }
    }
    return mask
}
