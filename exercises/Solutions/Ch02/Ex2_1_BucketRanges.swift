// Exercise 2.1 (solution): every distance of maxDistance or more shares its side's last bucket,
// so the positions -maxDistance...maxDistance meet every bucket that is used, and the two ends
// stand for everything beyond them. Within a side the bucket grows with the distance, so each
// bucket's positions are one run: the first r seen is its low end, the last its high end.

import ExerciseSupport
import T5

public func bucketRanges(bidirectional: Bool, buckets: Int, maxDistance: Int) throws -> [ClosedRange<Int>?] {
    var ranges = [ClosedRange<Int>?](repeating: nil, count: buckets)
    for r in -maxDistance...maxDistance {
        let b = RelativePosition.bucket(r, bidirectional: bidirectional, buckets: buckets, maxDistance: maxDistance)
        let low = ranges[b]?.lowerBound ?? (r == -maxDistance ? Int.min : r)
        let high = r == maxDistance ? Int.max : r
        ranges[b] = low...high
    }
    return ranges
}
