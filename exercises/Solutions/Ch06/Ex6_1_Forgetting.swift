// Exercise 6.1 (solution): for each task but the last learned, its best score from the row that
// learned it up to the one before the last, minus its final score; nils skip, no terms give 0.

import ExerciseSupport

public func forgetting(after: [[Double?]]) throws -> (perTask: [Double?], average: Double) {
    let T = after.count
    guard T > 1, let last = after.last else { return ([], 0) }
    let perTask: [Double?] = (0..<(T - 1)).map { i in
        guard let end = last[i], let best = (i..<(T - 1)).compactMap({ after[$0][i] }).max() else { return nil }
        return best - end
    }
    let terms = perTask.compactMap { $0 }
    return (perTask, terms.isEmpty ? 0 : terms.reduce(0, +) / Double(terms.count))
}
