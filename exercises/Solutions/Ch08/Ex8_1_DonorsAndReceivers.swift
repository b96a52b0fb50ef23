// Exercise 8.1 (solution): one pass over the off-diagonal cells, each defined ratio counted once
// for its row (donor) and once for its column (receiver).

import ExerciseSupport
import PromptTransfer

public func donorsAndReceivers(_ f1: [[Double?]]) throws -> (donor: [Double?], receiver: [Double?]) {
    let n = f1.count
    if let bad = f1.first(where: { $0.count != n }) ?? (n == 0 ? [] : nil) {
        throw TransferError.invalidOption(name: "f1", value: "\(n)x\(bad.count)", reason: "not square")
    }
    var given = [[Double]](repeating: [], count: n), taken = [[Double]](repeating: [], count: n)
    for s in 0..<n { for t in 0..<n where s != t {
        guard let cross = f1[s][t], let own = f1[t][t], own > 0 else { continue }
        given[s].append(cross / own)
        taken[t].append(cross / own)
    } }
    func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
    return (given.map(mean), taken.map(mean))
}
