// Chapter 2 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's T5 and Tensors libraries are the oracles; attention's gradients are checked by finite differences.

import Foundation
import Testing
import Tensors
import T5
#if LPT_SOLUTIONS
import Solutions02
#else
import Exercises02
#endif

@Suite struct Ch02Tests {
    /// A one-head, one-layer T5 small enough to run in a debug build.
    static func tinyConfig() -> T5Config {
        var c = T5Config()
        c.vocabSize = 12; c.dModel = 8; c.dKV = 4; c.numHeads = 1; c.dFF = 8
        c.numLayers = 1
        c.relativeAttentionNumBuckets = 8; c.relativeAttentionMaxDistance = 12
        c.dropoutRate = 0
        return c
    }

    static func close(_ a: [Float], _ b: [Float], tolerance: Float) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    /// Bucket b's relative positions by scanning the library's `RelativePosition.bucket` well past
    /// maxDistance on both sides; a range that reaches the scan's edge is unbounded there.
    static func scannedRanges(bidirectional: Bool, buckets: Int, maxDistance: Int) -> [ClosedRange<Int>?] {
        let edge = 3 * maxDistance + 10
        var seen = [[Int]](repeating: [], count: buckets)
        for r in -edge...edge {
            seen[RelativePosition.bucket(r, bidirectional: bidirectional, buckets: buckets, maxDistance: maxDistance)].append(r)
        }
        return seen.map { rs in
            guard let low = rs.first, let high = rs.last else { return nil }
            precondition(rs.count == high - low + 1, "the library's bucket is not one run of positions")
            return (low == -edge ? Int.min : low)...(high == edge ? Int.max : high)
        }
    }

    @Test("2.1 which relative positions share a bucket")
    func ex2_1_bucketRanges() throws {
        // By hand, the chapter's default: 32 buckets, maximum distance 128.
        let bi = try bucketRanges(bidirectional: true, buckets: 32, maxDistance: 128)
        #expect(bi.count == 32)
        if bi.count == 32 {
            #expect(bi[0] == 0...0 && bi[1] == -1...(-1) && bi[8] == -11...(-8) && bi[24] == 8...11)
            #expect(bi[16] == nil, "bidirectionally no r reaches the right half's first bucket")
            #expect(bi[15] == Int.min...(-91) && bi[31] == 91...Int.max, "the last buckets start before 128")
        }
        let uni = try bucketRanges(bidirectional: false, buckets: 32, maxDistance: 128)
        #expect(uni.count == 32)
        if uni.count == 32 {
            #expect(uni[0] == 0...Int.max, "every key to the right shares bucket 0")
            #expect(uni[15] == -15...(-15) && uni[16] == -18...(-16) && uni[31] == Int.min...(-113))
        }
        // The smallest valid table: four buckets, maximum distance 3.
        #expect(try bucketRanges(bidirectional: true, buckets: 4, maxDistance: 3)
                == [0...0, Int.min...(-1), nil, 1...Int.max])
        #expect(try bucketRanges(bidirectional: false, buckets: 4, maxDistance: 3)
                == [0...Int.max, -1...(-1), -2...(-2), Int.min...(-3)])

        // Against the library, in both directions, including tables with many empty buckets
        // (maxDistance just above the exact range) and ones whose last bucket starts early.
        var mismatches: [String] = []
        for (buckets, maxDistance) in [(32, 128), (16, 16), (8, 12), (8, 20), (64, 256), (32, 64), (64, 33),
                                       (8, 5), (4, 3)] {
            for bidirectional in [true, false] {
                let mine = try bucketRanges(bidirectional: bidirectional, buckets: buckets, maxDistance: maxDistance)
                let expected = Self.scannedRanges(bidirectional: bidirectional, buckets: buckets, maxDistance: maxDistance)
                guard mine.count == buckets else {
                    mismatches.append("N=\(buckets) max=\(maxDistance) bi=\(bidirectional): \(mine.count) entries")
                    continue
                }
                for b in 0..<buckets where mine[b] != expected[b] {
                    mismatches.append("N=\(buckets) max=\(maxDistance) bi=\(bidirectional) bucket \(b): "
                                      + "\(mine[b].map { "\($0)" } ?? "nil") ≠ \(expected[b].map { "\($0)" } ?? "nil")")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(6))")
    }

    @Test("2.2 RMS normalization as T5 defines it")
    func ex2_2_t5RMSNorm() throws {
        // By hand: mean of squares 12.5, no mean subtraction, weight last.
        #expect(Self.close(try t5RMSNorm([3, 4], weight: [1, 2], eps: 0), [0.8485281, 2.2627417], tolerance: 1e-6))
        // eps inside the root: 1/√(1 + 3) = 0.5 (eps outside would give 1/(1 + 3) = 0.25).
        #expect(Self.close(try t5RMSNorm([1, 1, 1, 1], weight: [1, 1, 1, 1], eps: 3), [0.5, 0.5, 0.5, 0.5],
                           tolerance: 1e-6))
        // A zero row stays zero (eps keeps it finite).
        #expect(try t5RMSNorm([0, 0, 0], weight: [1, 1, 1], eps: 1e-6) == [0, 0, 0])

        // Against the library's Tensor.rmsNorm: rows with a non-zero mean, several eps.
        var rng = SeededGenerator(seed: 21)
        for (rows, width, eps) in [(4, 6, Float(1e-6)), (3, 5, 0.25), (1, 16, 1e-3), (7, 3, 2)] {
            let x = Tensor.uniform([rows, width], low: -1, high: 3, rng: &rng)
            let w = Tensor.uniform([width], low: -2, high: 2, rng: &rng)
            let mine = try t5RMSNorm(x.data, weight: w.data, eps: eps)
            let expected = x.rmsNorm(weight: w, eps: eps).data
            #expect(Self.close(mine, expected, tolerance: 1e-5), "rows \(rows) width \(width) eps \(eps): \(mine) vs \(expected)")
        }
    }

    @Test("2.3 a prefix-LM mask with padding")
    func ex2_3_prefixLMMask() throws {
        let m = -Float.greatestFiniteMagnitude
        // By hand: a prefix of 2 over four positions, the last one padding (hidden from queries 0
        // to 2 for two reasons, and still m, not the -∞ that adding two masks would give).
        #expect(try prefixLMMask(prefixLengths: [2], attentionMask: [[1, 1, 1, 0]])
                == [0, 0, m, m,  0, 0, m, m,  0, 0, 0, m,  0, 0, 0, m])
        // Two rows, each with its own prefix: none (causal), and one longer than the row.
        let two = try prefixLMMask(prefixLengths: [0, 5], attentionMask: [[1, 1, 1], [0, 1, 1]])
        #expect(two == [0, m, m,  0, 0, m,  0, 0, 0,    m, 0, 0,  m, 0, 0,  m, 0, 0])
        #expect(try prefixLMMask(prefixLengths: [], attentionMask: []) == [])
        #expect(try prefixLMMask(prefixLengths: [1], attentionMask: [[1]]) == [0])

        // Against the library's decoder: with no prefix (and with a prefix of 1, which changes
        // nothing: key 0 is never after a query) the mask is the causal one the decoder adds to
        // its relative position bias.
        let config = Self.tinyConfig()
        let model = T5Model(config: config, seed: 5)
        let ids = [[0, 4, 5, 6, 7, 8]]
        let length = ids[0].count
        var traced: Tensor?
        _ = model.decode(ids, encoder: model.encode([[3, 9, 1]]), trace: { name, value in
            if name == "decoder.position_bias" { traced = value }
        })
        let relative = RelativePosition.bias(table: model.decoder[0].selfAttention.relativeBias!, queries: length,
                                             keys: length, bidirectional: false, config: config)
        for prefix in [0, 1] {
            let mine = try prefixLMMask(prefixLengths: [prefix], attentionMask: [Array(repeating: 1, count: length)])
            #expect(mine.count == length * length)
            #expect(traced?.data == zip(relative.data, mine).map { $0 + $1 }, "prefix \(prefix)")
        }

        // Against the library's encoder: a prefix covering the whole row leaves only the padding
        // mask, which the encoder builds for a padded batch ([B, 1, 1, S], the same for every query).
        let inputs = [[3, 9, 1, 7, 0], [5, 2, 0, 0, 0], [4, 4, 4, 4, 4]]
        let padding = inputs.map { $0.map { $0 == 0 ? 0 : 1 } }
        let keyMask = try #require(model.encode(inputs, attentionMask: padding).keyMask)
        let whole = try prefixLMMask(prefixLengths: [5, 9, 5], attentionMask: padding)
        let s = inputs[0].count
        #expect(whole.count == inputs.count * s * s)
        if whole.count == inputs.count * s * s {
            let broadcast = (0..<whole.count).map { i in keyMask.data[(i / (s * s)) * s + i % s] }
            #expect(whole == broadcast)
        }

        // Every entry 0 or m, and softmax over masked scores: hidden keys get exactly 0, a row
        // with no visible key (left padding, query 0, no prefix) gets uniform weights, no NaN.
        let leftPadded = [[0, 1, 1, 1, 1], [1, 1, 1, 0, 0]]
        let mixed = try prefixLMMask(prefixLengths: [0, 3], attentionMask: leftPadded)
        #expect(mixed.allSatisfy { $0 == 0 || $0 == m }, "an entry is neither 0 nor the finite mask value")
        var rng = SeededGenerator(seed: 22)
        let scores = Tensor.uniform([2, 1, s, s], low: -3, high: 3, rng: &rng)
        let weights = (scores + Tensor(mixed, shape: [2, 1, s, s])).softmax().data
        #expect(weights.allSatisfy { $0.isFinite })
        #expect(Self.close(Array(weights[0..<s]), Array(repeating: 0.2, count: s), tolerance: 1e-6))
        for (i, w) in weights.enumerated() where mixed[i] == m && i >= s { #expect(w == 0, "entry \(i) is hidden") }
        // Row 1, query 0 (in the prefix of 3) sees keys 0, 1 and 2 but not the padding.
        #expect(Array(mixed[(s * s)..<(s * s + s)]) == [0, 0, 0, m, m])
    }

    /// softmax(q·kᵀ + bias)·v by plain loops in Double.
    static func handAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ bias: Tensor) -> [Float] {
        let (sq, sk, d) = (q.shape[0], k.shape[0], q.shape[1])
        var out = [Float]()
        for i in 0..<sq {
            var scores = [Double](repeating: 0, count: sk)
            for j in 0..<sk {
                var dot = Double(bias.data[i * sk + j])
                for c in 0..<d { dot += Double(q.data[i * d + c]) * Double(k.data[j * d + c]) }
                scores[j] = dot
            }
            let peak = scores.max()!
            let exps = scores.map { Foundation.exp($0 - peak) }
            let total = exps.reduce(0, +)
            for c in 0..<v.shape[1] {
                var sum = 0.0
                for j in 0..<sk { sum += exps[j] / total * Double(v.data[j * v.shape[1] + c]) }
                out.append(Float(sum))
            }
        }
        return out
    }

    @Test("2.4 one attention head with a position bias")
    func ex2_4_attentionHead() throws {
        var rng = SeededGenerator(seed: 23)
        let (sq, sk, d) = (3, 5, 4)
        let q = Tensor.uniform([sq, d], low: -1, high: 1, rng: &rng, requiresGrad: true)
        let k = Tensor.uniform([sk, d], low: -1, high: 1, rng: &rng, requiresGrad: true)
        let v = Tensor.uniform([sk, d], low: -1, high: 1, rng: &rng, requiresGrad: true)
        let bias = Tensor.uniform([sq, sk], low: -1, high: 1, rng: &rng, requiresGrad: true)

        // Values: against plain loops (no 1/√dKV scaling).
        let out = try attentionHead(query: q, key: k, value: v, bias: bias)
        #expect(out.shape == [sq, d])
        #expect(Self.close(out.data, Self.handAttention(q, k, v, bias), tolerance: 1e-5), "\(out.data)")

        // A real T5 bias: relative positions plus the causal mask. Query 0 sees only key 0.
        let config = Self.tinyConfig()
        let table = Tensor.uniform([config.relativeAttentionNumBuckets, 1], low: -1, high: 1, rng: &rng)
        let relative = RelativePosition.bias(table: table, queries: sk, keys: sk, bidirectional: false, config: config)
        var causal = relative.data
        for i in 0..<sk { for j in (i + 1)..<max(i + 1, sk) { causal[i * sk + j] = -Float.greatestFiniteMagnitude } }
        let causalBias = Tensor(causal, shape: [sk, sk])
        let masked = try attentionHead(query: k, key: k, value: v, bias: causalBias)
        #expect(Self.close(masked.data, Self.handAttention(k, k, v, causalBias), tolerance: 1e-5))
        #expect(Self.close(Array(masked.data[0..<d]), Array(v.data[0..<d]), tolerance: 1e-6))

        // Gradients: every input against central differences, through a weighted sum.
        let w = Tensor.uniform([sq, d], low: -1, high: 1, rng: &rng)
        var failure: Error?
        let result = GradientCheck.check([q, k, v, bias]) {
            do { return (try attentionHead(query: q, key: k, value: v, bias: bias) * w).sum() } catch {
                failure = error
                return Tensor(scalar: 0)
            }
        }
        if let failure { throw failure }
        #expect(result.checked == q.count + k.count + v.count + bias.count)
        #expect(result.passes() && result.maxAnalytic > 0.1, "max relative error \(result.maxRelativeError)")
        // Each input really receives a gradient (a cut graph leaves some at zero).
        for t in [q, k, v, bias] { t.grad = nil }
        (try attentionHead(query: q, key: k, value: v, bias: bias) * w).sum().backward()
        for (name, t) in [("query", q), ("key", k), ("value", v), ("bias", bias)] {
            #expect((t.grad ?? []).contains { abs($0) > 1e-4 }, "no gradient reached \(name)")
        }
    }
}
