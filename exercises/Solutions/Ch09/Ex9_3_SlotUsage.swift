// Exercise 9.3, reference solution: reads per slot, their concentration, and the unread slots.

import ExerciseSupport

public func slotUsage(_ slotSets: [[Int]], bankSize: Int) throws -> (counts: [Int], topShare: Double, unread: [Int]) {
    var counts = [Int](repeating: 0, count: bankSize)
    for set in slotSets { for slot in set { counts[slot] += 1 } }
    let reads = counts.reduce(0, +)
    let k = slotSets.first?.count ?? 0
    let ranked = counts.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
    let inTop = ranked.prefix(k).reduce(0) { $0 + counts[$1] }
    return (counts, reads == 0 ? 0 : Double(inTop) / Double(reads), counts.indices.filter { counts[$0] == 0 })
}
