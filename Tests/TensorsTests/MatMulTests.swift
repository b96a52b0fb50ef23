// Matrix products through cblas_sgemm against a naive triple loop, for every transpose
// combination, non-square shapes, batches and a shared right operand.

import Testing
import Tensors

/// Reference product of stored row-major matrices with optional transposes.
func naiveProduct(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n {
        var s: Float = 0
        for p in 0..<k { s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]) }
        c[i * n + j] = s
    } }
    return c
}

func maxDifference(_ x: [Float], _ y: [Float]) -> Float { zip(x, y).map { abs($0 - $1) }.max() ?? 0 }

@Suite struct MatMulTests {
    @Test("2-D products match a naive loop for all transposes", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func twoDimensional(transA: Bool, transB: Bool) {
        var rng = SeededGenerator(seed: 1)
        let (m, n, k) = (7, 5, 3)   // non-square on purpose
        let a = Tensor.uniform(transA ? [k, m] : [m, k], low: -1, high: 1, rng: &rng)
        let b = Tensor.uniform(transB ? [n, k] : [k, n], low: -1, high: 1, rng: &rng)
        let c = a.matmul(b, transposeSelf: transA, transposeOther: transB)
        #expect(c.shape == [m, n])
        #expect(maxDifference(c.data, naiveProduct(a.data, b.data, m: m, n: n, k: k, transA: transA, transB: transB)) < 1e-5)
    }

    @Test("batched and shared-operand products match per-matrix loops")
    func batched() {
        var rng = SeededGenerator(seed: 2)
        let a = Tensor.uniform([3, 4, 6], low: -1, high: 1, rng: &rng)
        let b = Tensor.uniform([3, 6, 2], low: -1, high: 1, rng: &rng)
        let shared = Tensor.uniform([6, 5], low: -1, high: 1, rng: &rng)
        let c = a.matmul(b), d = a.matmul(shared)
        #expect(c.shape == [3, 4, 2] && d.shape == [3, 4, 5])
        for i in 0..<3 {
            let ai = Array(a.data[(i * 24)..<(i * 24 + 24)])
            let expectC = naiveProduct(ai, Array(b.data[(i * 12)..<(i * 12 + 12)]), m: 4, n: 2, k: 6, transA: false, transB: false)
            let expectD = naiveProduct(ai, shared.data, m: 4, n: 5, k: 6, transA: false, transB: false)
            #expect(maxDifference(Array(c.data[(i * 8)..<(i * 8 + 8)]), expectC) < 1e-5)
            #expect(maxDifference(Array(d.data[(i * 20)..<(i * 20 + 20)]), expectD) < 1e-5)
        }
    }

    @Test("a shared weight's gradient sums over the batch")
    func sharedGradient() {
        let x = Tensor([1, 2, 3, 4], shape: [2, 1, 2])
        let w = Tensor([1, 1], shape: [2, 1], requiresGrad: true)
        x.matmul(w).sum().backward()
        #expect(w.grad == [4, 6])   // column sums of x over both batch elements
    }
}
