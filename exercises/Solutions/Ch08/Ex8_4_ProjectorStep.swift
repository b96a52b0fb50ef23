// Exercise 8.4 (solution): forward per row, then the chain rule backwards: dŷ = 2(ŷ − y)/(m·out),
// dW2 += dŷ·hᵀ, db2 += dŷ, dh = W2ᵀ·dŷ, dz = dh·(1 − h²), dW1 += dz·xᵀ, db1 += dz.

import ExerciseSupport
import Foundation
import PromptTransfer

public func projectorStep(_ weights: ProjectorWeights, rows: [[Float]], targets: [[Float]],
                          learningRate: Float) throws -> (loss: Double, updated: ProjectorWeights) {
    let (i, h, o) = (weights.inWidth, weights.hidden, weights.outWidth)
    guard !rows.isEmpty, rows.count == targets.count, rows.allSatisfy({ $0.count == i }), targets.allSatisfy({ $0.count == o }) else {
        throw TransferError.invalidOption(name: "rows", value: "\(rows.count) rows", reason: "need m ≥ 1 rows of \(i) values and m targets of \(o)")
    }
    let scale = 1 / Double(rows.count * o)
    var loss = 0.0
    var (g1, gb1) = ([Double](repeating: 0, count: h * i), [Double](repeating: 0, count: h))
    var (g2, gb2) = ([Double](repeating: 0, count: o * h), [Double](repeating: 0, count: o))
    for (x, y) in zip(rows, targets) {
        let hidden = (0..<h).map { r in
            Foundation.tanh((0..<i).reduce(Double(weights.b1[r])) { $0 + Double(weights.w1[r * i + $1]) * Double(x[$1]) })
        }
        let out = (0..<o).map { r in (0..<h).reduce(Double(weights.b2[r])) { $0 + Double(weights.w2[r * h + $1]) * hidden[$1] } }
        let dOut = (0..<o).map { 2 * (out[$0] - Double(y[$0])) * scale }
        for r in 0..<o {
            loss += (out[r] - Double(y[r])) * (out[r] - Double(y[r])) * scale
            gb2[r] += dOut[r]
            for c in 0..<h { g2[r * h + c] += dOut[r] * hidden[c] }
        }
        for c in 0..<h {
            let dz = (0..<o).reduce(0.0) { $0 + Double(weights.w2[$1 * h + c]) * dOut[$1] } * (1 - hidden[c] * hidden[c])
            gb1[c] += dz
            for k in 0..<i { g1[c * i + k] += dz * Double(x[k]) }
        }
    }
    func step(_ p: [Float], _ g: [Double]) -> [Float] { zip(p, g).map { Float(Double($0) - Double(learningRate) * $1) } }
    var updated = weights
    (updated.w1, updated.b1) = (step(weights.w1, g1), step(weights.b1, gb1))
    (updated.w2, updated.b2) = (step(weights.w2, g2), step(weights.b2, gb2))
    return (loss, updated)
}
