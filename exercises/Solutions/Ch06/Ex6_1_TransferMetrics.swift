// Exercise 6.1 (solution): four means over the matrix; a nil skips its term, no terms give 0.

import ExerciseSupport

public func continualMetrics(after: [[Double?]], beforeLearning: [Double?], reference: [Double], initial: [Double]) throws
    -> (average: Double, backwardTransfer: Double, forwardTransferPaper: Double, forwardTransferGEM: Double) {
    func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
    let T = after.count
    let average = mean(after.last?.compactMap { $0 } ?? [])
    let backward = T < 2 ? 0 : mean((0..<(T - 1)).compactMap { i in
        guard let end = after[T - 1][i], let then = after[i][i] else { return nil }
        return end - then
    })
    let paper = mean((0..<T).compactMap { i in after[i][i].map { $0 - reference[i] } })
    let gem = mean((1..<max(1, T)).compactMap { i in beforeLearning[i].map { $0 - initial[i] } })
    return (average, backward, paper, gem)
}
