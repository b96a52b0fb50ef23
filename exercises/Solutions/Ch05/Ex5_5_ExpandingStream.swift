// Exercise 5.5 (solution): simulate the union task by task (the rule first, then the fresh entries
// the task takes), then Table 1's +Param with the prompt and every mask at the final length.

import ExerciseSupport

public func expandingStreamAccounting(backboneParameters: Int, entriesPerPosition: Int, initialLength: Int,
                                      growth: Int, keepFraction: Double, tasks: Int) throws
    -> (lengths: [Int], newEntries: [Int], addedPercent: Double) {
    var length = initialLength, union = 0
    var lengths: [Int] = [], newEntries: [Int] = []
    for _ in 0..<tasks {
        let free = 1 - Double(union) / Double(entriesPerPosition * length)
        if free < keepFraction, growth > 0 { length += growth }
        let p = entriesPerPosition * length
        let kept = min(p, max(0, Int((keepFraction * Double(p)).rounded())))
        let fresh = min(kept, p - union)
        union += fresh
        lengths.append(length)
        newEntries.append(fresh)
    }
    let p = entriesPerPosition * length, n = Double(backboneParameters)
    let maskBytes = 8 * ((p + 63) / 64)
    let added = 100 * Double(p) / n + Double(tasks) * (100 * Double(maskBytes) / 4 / n)
    return (lengths, newEntries, added)
}
