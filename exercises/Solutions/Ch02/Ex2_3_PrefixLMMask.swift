// Exercise 2.3 (solution): a key is visible when it is a real token and lies in the prefix or
// not after the query; every other entry gets the most negative finite Float, once.

import ExerciseSupport

public func prefixLMMask(prefixLengths: [Int], attentionMask: [[Int]]) throws -> [Float] {
    let length = attentionMask.first?.count ?? 0
    var mask: [Float] = []
    mask.reserveCapacity(attentionMask.count * length * length)
    for (row, prefix) in zip(attentionMask, prefixLengths) {
        for q in 0..<length {
            for k in 0..<length {
                let visible = row[k] != 0 && (k < prefix || k <= q)
                mask.append(visible ? 0 : -Float.greatestFiniteMagnitude)
            }
        }
    }
    return mask
}
