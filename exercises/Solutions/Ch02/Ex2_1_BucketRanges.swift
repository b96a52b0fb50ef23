// Exercise 2.1 (solution): the relative position bucket.
// Exact buckets for near distances, Float32 logarithmic buckets beyond, saturating at the last one.

import ExerciseSupport
import Foundation

public func relativePositionBucket(_ r: Int, bidirectional: Bool, buckets: Int, maxDistance: Int) throws -> Int {
    var n = buckets
    var base = 0
    let distance: Int
    if bidirectional {
        n /= 2
        if r > 0 { base = n }
        distance = abs(r)
    } else {
        distance = max(-r, 0)
    }
    let exact = n / 2
    if distance < exact { return base + distance }
    let logRange = Float(Foundation.log(Double(maxDistance) / Double(exact)))
    let scaled = Foundation.log(Float(distance) / Float(exact)) / logRange * Float(n - exact)
    return base + min(exact + Int(scaled), n - 1)
}
