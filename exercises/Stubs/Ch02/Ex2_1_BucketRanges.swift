// Exercise 2.1: the relative position bucket (chapter 2, "Relative position buckets").
// T5 has no absolute positions: each score gets a learned per-head scalar chosen by the bucket of
// r = key - query. Near distances get a bucket each; far ones share logarithmically wider buckets.

import ExerciseSupport
import Foundation

/// The bucket (0..<buckets) of relative position `r` = key index - query index, exactly as T5's
/// reference and the kit's `RelativePosition.bucket` compute it.
/// - `bidirectional` (encoder self-attention): keys on the left and keys on the right each get
///   half of the buckets, the right half starting at buckets / 2. Unidirectional (decoder
///   self-attention): only keys on the left are told apart; every key on the right is bucket 0.
/// - Within a half, small distances get a bucket each; larger ones share logarithmically wider
///   buckets, evaluated in Float32 and truncated toward zero as the reference does, and every
///   distance of `maxDistance` or more lands in the half's last bucket.
/// Examples, buckets 32 and maxDistance 128: r = -9 → 8 and r = 9 → 24 (bidirectional);
/// r = -9 → 9 and r = 9 → 0 (unidirectional); r = -200 and 200 → 15 and 31 (bidirectional),
/// 31 and 0 (unidirectional). The tests compare every r in -300...300 with the library, for six
/// (buckets, maxDistance) pairs, and two hand-computed tables.
public func relativePositionBucket(_ r: Int, bidirectional: Bool, buckets: Int, maxDistance: Int) throws -> Int {
    // TODO(2.1): replace the next line with your implementation (stuck? `lpt hint 2.1`).
    throw Unimplemented("2.1")
}
