// Exercise 4.3 (solution): a [(layers·2·n), width] view, then two row slices per layer.

import ExerciseSupport
import Tensors

public func splitDeepPrompt(_ prompt: Tensor) throws -> [(key: Tensor, value: Tensor)] {
    let (layers, n, width) = (prompt.shape[0], prompt.shape[2], prompt.shape[3])
    let rows = prompt.reshaped([layers * 2 * n, width])
    return (0..<layers).map { l in
        let start = 2 * l * n
        return (rows.slice(axis: 0, start..<(start + n)), rows.slice(axis: 0, (start + n)..<(start + 2 * n)))
    }
}
