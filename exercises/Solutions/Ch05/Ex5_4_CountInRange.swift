// Exercise 5.4 (solution): popcount every word the range touches, with the bits below the start
// cleared in the first word and the bits past the end cleared in the last.

import ExerciseSupport

public func countSet(words: [UInt64], in range: Range<Int>) throws -> Int {
    guard !range.isEmpty else { return 0 }
    let first = range.lowerBound / 64, last = (range.upperBound - 1) / 64
    let fromStart = UInt64.max << UInt64(range.lowerBound % 64)           // bits at or above the start
    let toEnd = UInt64.max >> UInt64(63 - (range.upperBound - 1) % 64)    // bits at or below the last entry
    if first == last { return (words[first] & fromStart & toEnd).nonzeroBitCount }
    var total = (words[first] & fromStart).nonzeroBitCount + (words[last] & toEnd).nonzeroBitCount
    for w in (first + 1)..<last { total += words[w].nonzeroBitCount }
    return total
}
