// Exercise 3.3 (solution): every occurrence of each span, then the pair with the nearest starts;
// a strict `<` keeps the earliest head, then the earliest tail, on ties.

import ExerciseSupport
import SEL

public func closestOffsets(head: String, tail: String, tokens: [String]) throws -> (head: [Int], tail: [Int])? {
    func occurrences(_ span: String) -> [[Int]] {
        let words = span.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count <= tokens.count else { return [] }
        return (0...(tokens.count - words.count)).filter { tokens[$0..<($0 + words.count)].elementsEqual(words) }
            .map { Array($0..<($0 + words.count)) }
    }
    let heads = occurrences(head), tails = occurrences(tail)
    guard !heads.isEmpty, !tails.isEmpty else { return nil }
    var best = (head: heads[0], tail: tails[0]), distance = Int.max
    for h in heads {
        for t in tails where abs(h[0] - t[0]) < distance { (best, distance) = ((h, t), abs(h[0] - t[0])) }
    }
    return best
}
