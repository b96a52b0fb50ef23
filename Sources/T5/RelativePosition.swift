// Relative position buckets and the attention bias they index (chapter 2).
// T5 has no absolute positions: each attention score gets a learned scalar per head, chosen by
// the bucket of the distance key - query. Near distances get a bucket each; far ones share
// logarithmically wider buckets, saturating at max_distance.

import Foundation
import Tensors

public enum RelativePosition {
    // snippet.bucket
    /// The bucket of relative position r = key - query (chapter 2 tabulates examples).
    public static func bucket(_ r: Int, bidirectional: Bool, buckets: Int, maxDistance: Int) -> Int {
        var n = buckets, base = 0, distance: Int
        if bidirectional {
            n /= 2                       // half the buckets for keys on each side
            if r > 0 { base = n }
            distance = abs(r)
        } else {
            distance = max(-r, 0)        // keys to the right (masked anyway) share bucket 0
        }
        let exact = n / 2
        if distance < exact { return base + distance }
        // Logarithmic buckets, computed in Float32 and truncated, exactly as the reference does.
        let logRange = Float(Foundation.log(Double(maxDistance) / Double(exact)))
        let scaled = Foundation.log(Float(distance) / Float(exact)) / logRange * Float(n - exact)
        return base + min(exact + Int(scaled), n - 1)
    }
    // snippet.end

    /// Bucket indices [queries, keys] for queries at positions `queryStart..<queryStart+queries`.
    public static func buckets(queries: Int, keys: Int, queryStart: Int = 0, bidirectional: Bool,
                               config: T5Config) -> [Int] {
        var result = [Int]()
        result.reserveCapacity(queries * keys)
        for q in queryStart..<(queryStart + queries) {
            for k in 0..<keys {
                result.append(bucket(k - q, bidirectional: bidirectional, buckets: config.relativeAttentionNumBuckets,
                                     maxDistance: config.relativeAttentionMaxDistance))
            }
        }
        return result
    }

    /// bias[h, q, k] = table[bucket(k - q), h], shape [heads, queries, keys]; differentiable in the
    /// table (a gather), so every layer that adds this bias sends its gradient to the one table.
    public static func bias(table: Tensor, queries: Int, keys: Int, queryStart: Int = 0,
                            bidirectional: Bool, config: T5Config) -> Tensor {
        let indices = buckets(queries: queries, keys: keys, queryStart: queryStart,
                              bidirectional: bidirectional, config: config)
        return table.gather(indices, indexShape: [queries, keys]).permuted([2, 0, 1])
    }
}
