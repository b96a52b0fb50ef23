// Exercise 2.1: the relative position bucket (chapter 2, "Relative position buckets").
// T5 has no absolute positions: each score gets a learned per-head scalar chosen by the bucket of
// r = key - query. Near distances get a bucket each; far ones share logarithmically wider buckets.

import ExerciseSupport
import Foundation

/// The bucket (0..<buckets) of relative position `r` = key index - query index.
/// `bidirectional` is true for encoder self-attention (keys on both sides get their own half of
/// the buckets) and false for decoder self-attention (every key to the right shares bucket 0).
/// Example, buckets 32 and maxDistance 128: r = -9 → 8 and r = 9 → 24 (bidirectional);
/// r = -9 → 9 and r = 9 → 0 (unidirectional); r = ±200 saturates at 15, 31 and 31, 0.
public func relativePositionBucket(_ r: Int, bidirectional: Bool, buckets: Int, maxDistance: Int) throws -> Int {
    // TODO(2.1): follow the rule of chapter 2's "Relative position buckets":
    // 1. Bidirectional: halve the bucket count n, start from base n when r > 0 (else 0), and use
    //    the distance |r|. Unidirectional: base 0 and distance max(-r, 0).
    // 2. exact = n / 2 (integer division). A distance below exact is its own bucket: base + distance.
    // 3. Otherwise exact + Int(log(distance / exact) / log(maxDistance / exact) · (n - exact)),
    //    in Float32 (compute log(maxDistance / exact) in Double and convert it), capped at n - 1.
    //    Branch on step 2 first so you never take log(0).
    throw Unimplemented("2.1")
}
