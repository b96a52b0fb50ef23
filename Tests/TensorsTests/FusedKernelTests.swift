// The fast kernels against the taught operations they replace (chapter 2, "Making it fast"):
// values and gradients agree to float rounding on random, deliberately odd shapes.
// Tolerance: max |fast - reference| / max(1, |reference|) ≤ 1e-5 (the two sum in different
// orders and use different exp implementations, each within a few ulp).

import Foundation
import Testing
import Tensors

/// Largest |a - b| / max(1, |b|) over two equally long arrays.
func maxRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "sizes differ: \(a.count) vs \(b.count)")
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
}

@Suite struct FusedKernelTests {
    @Test("the polynomial exp is within 3e-7 of Foundation's expf, and 0 below the smallest normal")
    func polynomialExp() {
        var rng = SeededGenerator(seed: 31)
        var worst: Float = 0
        for _ in 0..<100_000 {
            let x = Float(rng.nextUniform()) * 170 - 87
            let exact = Foundation.exp(x)
            worst = max(worst, abs(VectorMath.exp(x) - exact) / exact)
        }
        #expect(worst < 3e-7, "max relative error \(worst)")
        #expect(VectorMath.exp(0) == 1)
        #expect(VectorMath.exp(-100) == 0 && VectorMath.exp(-.greatestFiniteMagnitude) == 0)
        #expect(VectorMath.exp(-.infinity) == 0)
    }

    @Test("fused cross-entropy equals the taught one, ignored rows included", arguments: [(7, 37), (33, 2048), (1, 9)])
    func crossEntropy(rows: Int, width: Int) {
        var rng = SeededGenerator(seed: UInt64(rows * width))
        let logits = Tensor.normal([rows, width], std: 3, rng: &rng, requiresGrad: true)
        let targets = (0..<rows).map { r in r % 4 == 3 ? -100 : rng.nextInt(below: width) }
        let reference = logits.crossEntropy(targets: targets)
        reference.backward()
        let referenceGrad = logits.grad!
        logits.zeroGrad()
        let fused = logits.fusedCrossEntropy(targets: targets)
        fused.backward()
        #expect(abs(fused.item - reference.item) <= 1e-5 * max(1, abs(reference.item)))
        #expect(maxRelativeDifference(logits.grad!, referenceGrad) < 1e-6)
    }

    @Test("fused cross-entropy over only ignored rows is 0 with a zero gradient, as the taught one")
    func crossEntropyAllIgnored() {
        let logits = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], requiresGrad: true)
        let loss = logits.fusedCrossEntropy(targets: [-100, -100])
        loss.backward()
        #expect(loss.item == 0 && logits.grad! == [0, 0, 0, 0, 0, 0])
    }

    /// Attention as chapter 2 teaches it, from chapter 1's operations: split heads by permuting,
    /// q·kᵀ, add the terms, prepend the prefix columns, softmax, mix, join heads.
    static func referenceAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, terms: [Tensor],
                                   prefix: (Tensor, Tensor)?) -> Tensor {
        let (batch, queries, width) = (q.shape[0], q.shape[1], q.shape[2])
        func split(_ x: Tensor) -> Tensor {
            x.reshaped([x.shape[0], x.shape[1], heads, width / heads]).permuted([0, 2, 1, 3])
        }
        let query = split(q)
        var value = split(v)
        var scores = query.matmul(split(k), transposeOther: true)
        for t in terms { scores = scores + t }
        if let (pk, pv) = prefix {
            let n = pk.shape[0]
            let keys = split(pk.reshaped([1, n, width]) + Tensor.zeros([batch, 1, 1]))
            scores = Tensor.concat([query.matmul(keys, transposeOther: true), scores], axis: 3)
            value = Tensor.concat([split(pv.reshaped([1, n, width]) + Tensor.zeros([batch, 1, 1])), value], axis: 2)
        }
        return scores.softmax().matmul(value).permuted([0, 2, 1, 3]).reshaped([batch, queries, width])
    }

    @Test("fused attention equals the taught composition: output and every gradient",
          arguments: [(3, 3, 5, 7, 11, 4), (2, 4, 32, 9, 9, 0), (1, 1, 3, 1, 6, 2)])
    func attention(batch: Int, heads: Int, d: Int, queries: Int, keys: Int, prefix: Int) {
        var rng = SeededGenerator(seed: UInt64(batch * 100 + heads * 10 + prefix))
        let width = heads * d
        func input(_ shape: [Int]) -> Tensor { Tensor.normal(shape, std: 1, rng: &rng, requiresGrad: true) }
        let q = input([batch, queries, width]), k = input([batch, keys, width]), v = input([batch, keys, width])
        let bias = input([heads, queries, keys])                       // a position bias: gradient summed over b
        // A key mask: the last key of example 0 masked out, with the most negative finite float.
        var maskValues = [Float](repeating: 0, count: batch * keys)
        maskValues[keys - 1] = -.greatestFiniteMagnitude
        let mask = Tensor(maskValues, shape: [batch, 1, 1, keys])
        let pk = prefix > 0 ? input([prefix, width]) : nil, pv = prefix > 0 ? input([prefix, width]) : nil
        let weights = Tensor.normal([batch, queries, width], std: 1, rng: &rng)
        let inputs = [q, k, v, bias] + [pk, pv].compactMap { $0 }

        func run(_ f: () -> Tensor) -> (Tensor, [[Float]]) {
            for t in inputs { t.zeroGrad() }
            let out = f()
            (out * weights).sum().backward()
            return (out, inputs.map { $0.grad ?? [] })
        }
        let (expected, expectedGrads) = run {
            Self.referenceAttention(q, k, v, heads: heads, terms: [bias, mask], prefix: pk.map { ($0, pv!) })
        }
        let (fused, fusedGrads) = run {
            Tensor.fusedAttention(query: q, key: k, value: v, heads: heads, terms: [bias, mask],
                                  prefixKey: pk, prefixValue: pv)
        }
        #expect(fused.shape == expected.shape)
        #expect(maxRelativeDifference(fused.data, expected.data) < 1e-5)
        for (i, (a, b)) in zip(fusedGrads, expectedGrads).enumerated() {
            #expect(!b.isEmpty && maxRelativeDifference(a, b) < 1e-5, "gradient of input \(i)")
        }
    }

    @Test("large products split across threads equal a plain triple loop")
    func splitProduct() {
        var rng = SeededGenerator(seed: 5)
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let (m, k, n) = (301, 130, 257)   // big enough to be split
            let a = Tensor.normal(transA ? [k, m] : [m, k], std: 1, rng: &rng)
            let b = Tensor.normal(transB ? [n, k] : [k, n], std: 1, rng: &rng)
            let c = a.matmul(b, transposeSelf: transA, transposeOther: transB)
            var worst: Float = 0
            for i in stride(from: 0, to: m, by: 7) { for j in 0..<n {
                var s: Float = 0
                for p in 0..<k { s += (transA ? a.data[p * m + i] : a.data[i * k + p]) * (transB ? b.data[j * k + p] : b.data[p * n + j]) }
                worst = max(worst, abs(c.data[i * n + j] - s) / max(1, abs(s)))
            } }
            #expect(worst < 1e-5, "transA \(transA) transB \(transB): \(worst)")
        }
    }
}
