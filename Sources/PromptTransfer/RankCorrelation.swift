// Spearman's rank correlation (chapter 8): how well an indicator orders source prompts the way
// transfer orders them. Ranks, not values, because the indicators live on unrelated scales
// (a cosine, a distance, a share of neurons) and only their order is meant to predict anything.
// Tied values share the mean of the ranks they occupy, and ρ is then Pearson's correlation of
// the two rank vectors (the textbook formula 1 − 6Σd²/(n(n²−1)) holds only without ties).

import Foundation

/// Ranks 1...n of `values`, ascending; equal values share the average of the ranks they span
/// ([10, 20, 20, 30] → [1, 2.5, 2.5, 4]).
public func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start + 1
        while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
        let shared = Double(start + 1 + end) / 2   // mean of the 1-based ranks start+1 ... end
        for k in start..<end { ranks[order[k]] = shared }
        start = end
    }
    return ranks
}

/// Spearman's ρ of paired samples: Pearson's correlation of their average ranks. Pairs with a
/// non-finite member are left out. nil when fewer than two pairs remain or either side is
/// constant (every rank equal): no order to compare, and a 0 would claim "no relation".
public func spearman(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "spearman needs paired samples, got \(x.count) and \(y.count)")
    let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
    guard pairs.count >= 2 else { return nil }
    let (rx, ry) = (averageRanks(pairs.map(\.0)), averageRanks(pairs.map(\.1)))
    let mean = Double(pairs.count + 1) / 2   // the mean of any average-rank vector of n items
    var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
    for (a, b) in zip(rx, ry) {
        sxy += (a - mean) * (b - mean)
        sxx += (a - mean) * (a - mean)
        syy += (b - mean) * (b - mean)
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
}
