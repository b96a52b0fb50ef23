// Exercise 2.1: which relative positions share a bucket (chapter 2, "Relative position buckets").
// A T5 bias table has one learned row per bucket, not per distance. To read it (which row do
// distant keys use? which row never trains?) you need the bucket function run the other way.

import ExerciseSupport
import T5

/// The legend of a relative-position bias table: for every bucket 0..<buckets, the relative
/// positions r = key index - query index that `RelativePosition.bucket` puts in it.
/// - Configurations are valid T5 ones: buckets ≥ 4 and maxDistance > buckets / 2.
/// - Returns `buckets` entries. Entry b is the closed range of every r whose bucket is b, or nil
///   when no r lands in b. An end that is unbounded (every r beyond it shares bucket b) is
///   written `Int.min` or `Int.max`. Every integer r appears in exactly one range.
/// - You may call `RelativePosition.bucket(_:bidirectional:buckets:maxDistance:)`; it is the
///   reference the tests compare with.
/// Examples, buckets 32, maxDistance 128, bidirectional: entry 0 is 0...0, entry 8 is -11...-8,
/// entry 16 is nil, entry 24 is 8...11, entry 15 is Int.min...(-91) and entry 31 is 91...Int.max.
/// Unidirectional: entry 0 is 0...Int.max and entry 31 is Int.min...(-113). The tests compare
/// every entry with a scan of the library's buckets for nine configurations, in both directions,
/// including small ones (buckets 4, maxDistance 3) and ones with many empty buckets.
public func bucketRanges(bidirectional: Bool, buckets: Int, maxDistance: Int) throws -> [ClosedRange<Int>?] {
    // TODO(2.1): replace the next line with your implementation (stuck? `lpt hint 2.1`).
    throw Unimplemented("2.1")
}
