// Exercise 5.1 (solution): k by rounding (halves away from zero), then a total order on indices:
// higher score first, lower index first among equal scores.

import ExerciseSupport

public func topKMask(scores: [Float], keepFraction: Double) throws -> [Bool] {
    let k = min(scores.count, max(0, Int((keepFraction * Double(scores.count)).rounded())))
    let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    var mask = [Bool](repeating: false, count: scores.count)
    for j in order.prefix(k) { mask[j] = true }
    return mask
}
