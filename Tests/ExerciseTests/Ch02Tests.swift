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

    @Test("2.1 the relative position bucket")
    func ex2_1_relativePositionBucket() throws {
        // Hand-computed tables: N = 32, maxDist = 128, then N = 16, maxDist = 16.
        let tables: [(buckets: Int, maxDistance: Int, r: [Int], bidirectional: [Int], unidirectional: [Int])] = [
            (32, 128,
             [-200, -128, -127, -100, -64, -32, -16, -12, -9, -8, -7, -1, 0, 1, 7, 8, 9, 12, 15, 16, 17, 31, 32, 64,
              100, 127, 128, 200],
             [15, 15, 15, 15, 14, 12, 10, 9, 8, 8, 7, 1, 0, 17, 23, 24, 24, 25, 25, 26, 26, 27, 28, 30, 31, 31, 31, 31],
             [31, 31, 31, 30, 26, 21, 16, 12, 9, 8, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            (16, 16,
             [-20, -16, -15, -12, -8, -6, -5, -4, -3, -1, 0, 1, 3, 4, 5, 6, 8, 12, 15, 16, 20],
             [7, 7, 7, 7, 6, 5, 4, 4, 3, 1, 0, 9, 11, 12, 12, 13, 14, 15, 15, 15, 15],
             [15, 15, 15, 12, 8, 6, 5, 4, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ]
        var tableMismatches: [String] = []
        for t in tables {
            for (i, r) in t.r.enumerated() {
                let bi = try relativePositionBucket(r, bidirectional: true, buckets: t.buckets, maxDistance: t.maxDistance)
                let uni = try relativePositionBucket(r, bidirectional: false, buckets: t.buckets, maxDistance: t.maxDistance)
                if bi != t.bidirectional[i] { tableMismatches.append("N=\(t.buckets) r=\(r) bi: \(bi) ≠ \(t.bidirectional[i])") }
                if uni != t.unidirectional[i] { tableMismatches.append("N=\(t.buckets) r=\(r) uni: \(uni) ≠ \(t.unidirectional[i])") }
            }
        }
        #expect(tableMismatches.isEmpty, "\(tableMismatches.prefix(8))")

        // Against the library for every r in -300...300: far beyond maxDistance on both sides.
        var libraryMismatches: [String] = []
        for (buckets, maxDistance) in [(32, 128), (16, 16), (8, 12), (8, 20), (64, 256), (32, 64)] {
            for bidirectional in [true, false] {
                for r in -300...300 {
                    let mine = try relativePositionBucket(r, bidirectional: bidirectional, buckets: buckets,
                                                          maxDistance: maxDistance)
                    let expected = RelativePosition.bucket(r, bidirectional: bidirectional, buckets: buckets,
                                                           maxDistance: maxDistance)
                    if mine != expected {
                        libraryMismatches.append("N=\(buckets) max=\(maxDistance) bi=\(bidirectional) r=\(r): \(mine) ≠ \(expected)")
                    }
                }
            }
        }
        #expect(libraryMismatches.isEmpty, "\(libraryMismatches.count) mismatches, e.g. \(libraryMismatches.prefix(8))")
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

    @Test("2.3 the causal mask")
    func ex2_3_causalMask() throws {
        let m = -Float.greatestFiniteMagnitude
        #expect(try causalMask(length: 1) == [0])
        #expect(try causalMask(length: 3) == [0, m, m, 0, 0, m, 0, 0, 0])
        for length in 1...7 {
            let mask = try causalMask(length: length)
            #expect(mask.count == length * length)
            #expect(mask.allSatisfy { $0.isFinite }, "length \(length): -infinity (or NaN) in the mask")
            let expected = (0..<length * length).map { i in i % length <= i / length ? Float(0) : m }
            #expect(mask == expected, "length \(length)")
        }

        // Against the library: the decoder's traced self-attention bias is its relative position
        // bias plus its causal mask.
        let config = Self.tinyConfig()
        let model = T5Model(config: config, seed: 5)
        let ids = [[0, 4, 5, 6, 7, 8]]
        var traced: Tensor?
        _ = model.decode(ids, encoder: model.encode([[3, 9, 1]]), trace: { name, value in
            if name == "decoder.position_bias" { traced = value }
        })
        let length = ids[0].count
        let relative = RelativePosition.bias(table: model.decoder[0].selfAttention.relativeBias!, queries: length,
                                             keys: length, bidirectional: false, config: config)
        let mine = try causalMask(length: length)
        #expect(traced?.data == zip(relative.data, mine).map { $0 + $1 })

        // A softmax row over masked scores gives future keys exactly zero weight.
        var rng = SeededGenerator(seed: 22)
        let scores = Tensor.uniform([length, length], low: -3, high: 3, rng: &rng)
        let weights = (scores + Tensor(mine, shape: [length, length])).softmax().data
        for q in 0..<length {
            let row = Array(weights[(q * length)..<((q + 1) * length)])
            #expect(row[(q + 1)...].allSatisfy { $0 == 0 }, "query \(q) attends to a future key: \(row)")
            #expect(abs(row.reduce(0, +) - 1) < 1e-5)
            // The visible keys get the softmax of the visible scores alone.
            let visible = Tensor(Array(scores.data[(q * length)...(q * length + q)]), shape: [q + 1]).softmax().data
            #expect(Self.close(Array(row[...q]), visible, tolerance: 1e-6))
        }
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
