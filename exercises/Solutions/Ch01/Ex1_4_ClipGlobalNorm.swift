// Exercise 1.4 (solution): one norm over all gradients, one scale for all of them.

import ExerciseSupport

public func clipByGlobalNorm(_ gradients: [[Float]], maxNorm: Float) throws -> (clipped: [[Float]], norm: Float) {
    let squares = gradients.joined().reduce(0.0) { $0 + Double($1) * Double($1) }
    let norm = Float(squares.squareRoot())
    guard norm > maxNorm, norm > 0 else { return (gradients, norm) }
    let scale = maxNorm / norm
    return (gradients.map { $0.map { $0 * scale } }, norm)
}
