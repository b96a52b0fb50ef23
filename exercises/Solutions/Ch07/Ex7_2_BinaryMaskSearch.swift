// Exercise 7.2 (solution): keep a candidate list; each round spreads α over it, asks for g, ranks
// the candidates by g (NaN last, ties by index) and keeps the front half, rounded up.

import ExerciseSupport
import NovelTasks

struct GradientCountMismatch: Error, CustomStringConvertible {
    let description: String
}

public func binaryMaskSearch(count: Int, gradient: ([Double]) throws -> [Double]) throws
    -> (pick: Int, rounds: [(alphas: [Double], gradients: [Double])]) {
    guard count > 0 else { throw MaskSelectionError.noLearnedMasks }
    var candidates = Array(0..<count)
    var rounds: [(alphas: [Double], gradients: [Double])] = []
    while candidates.count > 1 {
        var alphas = [Double](repeating: 0, count: count)
        for i in candidates { alphas[i] = 1 / Double(candidates.count) }
        let g = try gradient(alphas)
        guard g.count == count else { throw GradientCountMismatch(description: "\(g.count) gradients for \(count) masks") }
        rounds.append((alphas, g))
        // Most negative first; NaN after every number; equal values keep their learning order.
        let ranked = candidates.sorted { a, b in
            if g[a].isNaN != g[b].isNaN { return !g[a].isNaN }
            if !g[a].isNaN, g[a] != g[b] { return g[a] < g[b] }
            return a < b
        }
        candidates = Array(ranked.prefix((candidates.count + 1) / 2)).sorted()
    }
    return (candidates[0], rounds)
}
