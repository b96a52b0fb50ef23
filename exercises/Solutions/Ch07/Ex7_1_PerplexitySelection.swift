// Exercise 7.1 (solution): a token-weighted mean NLL per mask, its exp, and an argmin that keeps
// the earlier mask on a tie and never lets a NaN win.

import ExerciseSupport
import Foundation
import NovelTasks

public func perplexity(batches: [(meanNLL: Float, tokens: Int)]) throws -> Double {
    var total = 0.0, tokens = 0
    for batch in batches {
        total += Double(batch.meanNLL) * Double(batch.tokens)
        tokens += batch.tokens
    }
    guard tokens > 0 else { throw MaskSelectionError.noExamples }
    return Foundation.exp(total / Double(tokens))
}

public func pickLowestPerplexity(_ candidates: [[(meanNLL: Float, tokens: Int)]]) throws
    -> (perplexities: [Double], pick: Int) {
    guard !candidates.isEmpty else { throw MaskSelectionError.noLearnedMasks }
    let perplexities = try candidates.map { try perplexity(batches: $0) }
    var best = 0
    for (i, value) in perplexities.enumerated().dropFirst() where !value.isNaN {
        if perplexities[best].isNaN || value < perplexities[best] { best = i }
    }
    return (perplexities, best)
}
