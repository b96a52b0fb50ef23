// Exercise 1.1 (solution): the backward of broadcasting.
// Each output index maps to one operand index; summing over the map undoes the stretching.

import ExerciseSupport

public func reduceToShape(_ grad: [Float], from outShape: [Int], to shape: [Int]) throws -> [Float] {
    let padded = [Int](repeating: 1, count: outShape.count - shape.count) + shape
    var result = [Float](repeating: 0, count: shape.reduce(1, *))
    var index = [Int](repeating: 0, count: outShape.count)
    for g in grad {
        // Row-major offset into the operand, skipping broadcast axes.
        var offset = 0
        for axis in 0..<outShape.count { offset = offset * padded[axis] + (padded[axis] == 1 ? 0 : index[axis]) }
        result[offset] += g
        // Advance the output index like an odometer.
        var axis = outShape.count - 1
        while axis >= 0 {
            index[axis] += 1
            if index[axis] < outShape[axis] { break }
            index[axis] = 0
            axis -= 1
        }
    }
    return result
}
