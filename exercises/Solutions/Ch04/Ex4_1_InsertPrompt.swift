// Exercise 4.1 (solution): cut each row at its offset, join left part, prompt and right part along
// the sequence axis (slices and concat stay on the graph), then join the rows; the mask gets n
// ones at the same place.

import ExerciseSupport
import Tensors

struct OffsetOutOfRange: Error, CustomStringConvertible {
    let description: String
}

public func insertPrompt(_ prompt: Tensor, into embeddings: Tensor, attentionMask: [[Int]], at offsets: [Int]) throws
    -> (embeddings: Tensor, attentionMask: [[Int]]) {
    let (batch, length, n) = (embeddings.shape[0], embeddings.shape[1], prompt.shape[0])
    guard offsets.count == batch, attentionMask.count == batch else {
        throw OffsetOutOfRange(description: "\(offsets.count) offsets and \(attentionMask.count) mask rows for \(batch) rows")
    }
    let promptRow = prompt.reshaped([1, n, prompt.shape[1]])                        // [1, n, d]
    var rows: [Tensor] = [], mask: [[Int]] = []
    for (b, offset) in offsets.enumerated() {
        guard (0...length).contains(offset) else { throw OffsetOutOfRange(description: "offset \(offset) outside 0...\(length)") }
        let row = embeddings.slice(axis: 0, b..<(b + 1))                             // [1, S, d]
        rows.append(Tensor.concat([row.slice(axis: 1, 0..<offset), promptRow, row.slice(axis: 1, offset..<length)], axis: 1))
        mask.append(Array(attentionMask[b][..<offset]) + Array(repeating: 1, count: n) + Array(attentionMask[b][offset...]))
    }
    return (Tensor.concat(rows, axis: 0), mask)                                      // [B, n + S, d]
}
