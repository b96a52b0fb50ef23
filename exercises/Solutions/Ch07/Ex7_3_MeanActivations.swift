// Exercise 7.3 (solution): one running sum per neuron and one count of positions for all batches;
// a position counts when it belongs to the prompt or its mask entry is 1.

import ExerciseSupport
import Tensors

public func meanNeuronActivations(batches: [[Tensor]], masks: [[[Int]]], promptLength: Int) throws -> [[Double]] {
    guard let first = batches.first, let width = first.first?.shape.last else { return [] }
    var sums = [[Double]](repeating: [Double](repeating: 0, count: width), count: first.count)
    var positions = 0
    for (blocks, mask) in zip(batches, masks) {
        for (l, activations) in blocks.enumerated() {
            let (rows, length, values) = (activations.shape[0], activations.shape[1], activations.data)
            for r in 0..<rows {
                for t in 0..<length where t < promptLength || mask[r][t - promptLength] == 1 {
                    let base = (r * length + t) * width
                    for n in 0..<width { sums[l][n] += Double(values[base + n]) }
                }
            }
        }
        positions += mask.reduce(0) { $0 + $1.filter { $0 == 1 }.count + promptLength }
    }
    return sums.map { $0.map { $0 / Double(max(positions, 1)) } }
}
