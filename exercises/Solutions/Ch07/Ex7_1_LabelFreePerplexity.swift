// Exercise 7.1 (solution): a greedy token is the argmax of its row, so its NLL is minus the row's
// largest log-probability; stop after eos, and pool the NLLs of every example before dividing.

import ExerciseSupport
import Foundation
import NovelTasks

public func labelFreePerplexity(stepLogProbs: [[[Float]]], eos: Int) throws
    -> (perplexity: Double, targets: [[Int]]) {
    var total = 0.0, count = 0
    var targets: [[Int]] = []
    for rows in stepLogProbs {
        var written: [Int] = []
        for row in rows {
            var best = 0   // the first maximum, as argmaxLastAxis picks it
            for v in row.indices.dropFirst() where row[v] > row[best] { best = v }
            written.append(best)
            total -= Double(row[best])
            if best == eos { break }
        }
        targets.append(written)
        count += written.count
    }
    guard count > 0 else { throw MaskSelectionError.noExamples }
    return (Foundation.exp(total / Double(count)), targets)
}
