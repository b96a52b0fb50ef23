// Exercise 7.3 (solution): a top-k per block with a total order on indices, Jaccard on sets,
// and an argmax that keeps the earlier task on a tie.

import ExerciseSupport
import NovelTasks

public func neuronSignature(_ meanActivations: [[Double]], fraction: Double) throws -> [Int] {
    var active: [Int] = []
    for (l, row) in meanActivations.enumerated() {
        let width = row.count
        let k = min(width, max(0, Int((fraction * Double(width)).rounded())))
        let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
        active += order.prefix(k).map { l * width + $0 }
    }
    return active.sorted()
}

public func jaccardOverlap(_ a: [Int], _ b: [Int]) throws -> Double {
    let (setA, setB) = (Set(a), Set(b))
    let union = setA.union(setB).count
    return union == 0 ? 1 : Double(setA.intersection(setB).count) / Double(union)
}

public func pickHighestOverlap(novel: [[Int]], stored: [[Int]]) throws -> (overlaps: [Double], pick: Int) {
    let overlaps = try zip(novel, stored).map { try jaccardOverlap($0, $1) }
    guard !overlaps.isEmpty else { throw MaskSelectionError.noLearnedMasks }
    var best = 0
    for (i, value) in overlaps.enumerated().dropFirst() where value > overlaps[best] { best = i }
    return (overlaps, best)
}
