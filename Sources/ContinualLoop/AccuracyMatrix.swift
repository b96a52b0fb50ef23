// The accuracy matrix and the numbers drawn from it (chapter 6). Row t holds the test F1 of every
// task after the learner has finished task t (row 0: before any training); column i is one task
// over time. Everything the paper's Table 1 reports about a continual run is a summary of it.

import Foundation

// snippet.accuracy-matrix
public struct AccuracyMatrix: Codable, Equatable, Sendable {
    /// Task ids in learning order.
    public let tasks: [String]
    /// a[t][i] for t = 1...T (index t−1): F1 on task i after learning task t; nil where not measured.
    public var after: [[Double?]]
    /// a_{t−1,t}: task t measured just before the learner trains on it (forward transfer).
    public var beforeLearning: [Double?]

    public init(tasks: [String]) {
        self.tasks = tasks
        after = []
        beforeLearning = Array(repeating: nil, count: tasks.count)
    }

    public var learnedCount: Int { after.count }

    /// F1 on each task at the end of the stream, a_{T,i}.
    public var final: [Double] { after.last?.compactMap { $0 } ?? [] }
    /// a_{i,i}: each task right after it was learned.
    public var justLearned: [Double] { after.indices.compactMap { after[$0][$0] } }

    /// Average F1 (paper Eq. 5): mean of the final row.
    public var average: Double { mean(final) }

    /// BWT (paper Eq. 6): how much the final F1 of tasks 1…T−1 differs from right after learning.
    public var backwardTransfer: Double {
        let T = after.count
        guard T > 1, let last = after.last else { return 0 }
        return mean((0..<(T - 1)).compactMap { i in
            guard let end = last[i], let then = after[i][i] else { return nil }
            return end - then
        })
    }

    /// FWT as the paper defines it (Eq. 7, after Ke et al. 2020): a_{i,i} minus the F1 of task i
    /// trained alone (`reference`, one value per task in this matrix's order).
    public func forwardTransferPaper(reference: [Double]) -> Double {
        precondition(reference.count == tasks.count, "one reference F1 per task")
        return mean(after.indices.compactMap { i in after[i][i].map { $0 - reference[i] } })
    }

    /// FWT as GEM and Avalanche define it: a_{i−1,i} (task i just before it is learned) minus
    /// b_i, its F1 with the untrained starting point; tasks 2…T.
    public func forwardTransferGEM(initial: [Double]) -> Double {
        precondition(initial.count == tasks.count, "one initial F1 per task")
        return mean((1..<max(1, after.count)).compactMap { i in beforeLearning[i].map { $0 - initial[i] } })
    }
}
// snippet.end

public func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }

/// Mean and population standard deviation, for "over task orders" columns.
public func meanAndSpread(_ xs: [Double]) -> (mean: Double, spread: Double) {
    let m = mean(xs)
    return (m, xs.count < 2 ? 0 : (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count)).squareRoot())
}
