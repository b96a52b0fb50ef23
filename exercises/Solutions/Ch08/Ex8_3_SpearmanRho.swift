// Exercise 8.3 (solution): sort once per side, give each run of equal values its mean rank, then
// Pearson's formula on the ranks.

import ExerciseSupport
import PromptTransfer

public func spearmanRho(_ x: [Double], _ y: [Double]) throws -> Double? {
    guard x.count == y.count else {
        throw TransferError.invalidOption(name: "samples", value: "\(x.count) and \(y.count)", reason: "x and y must pair up")
    }
    let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
    guard pairs.count >= 2 else { return nil }
    func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var out = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            for k in i...j { out[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return out
    }
    let (rx, ry) = (ranks(pairs.map(\.0)), ranks(pairs.map(\.1)))
    let (mx, my) = (rx.reduce(0, +) / Double(rx.count), ry.reduce(0, +) / Double(ry.count))
    var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
    for (a, b) in zip(rx, ry) {
        sxy += (a - mx) * (b - my)
        sxx += (a - mx) * (a - mx)
        syy += (b - my) * (b - my)
    }
    return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : nil
}
