// Matrix products through OpenBLAS's cblas_sgemm (chapter 1).
// Nearly all of a transformer's arithmetic is matrix products; a tuned BLAS kernel is an order
// of magnitude faster than a naive triple loop (run `lpt bench`), so every product goes here.

import CBLAS

/// C = alpha·op(A)·op(B) + beta·C for row-major matrices, where op(X) is X or Xᵀ.
/// `m`, `n`, `k` are the sizes of op(A) [m, k] and op(B) [k, n]. Leading dimensions are the
/// stored row lengths. beta = 1 accumulates, which is how gradients are added in place.
@inline(__always)
func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
          a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
          alpha: Float = 1, beta: Float) {
    guard m > 0, n > 0 else { return }
    gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: transA ? m : k,
         b: b, ldb: transB ? k : n, c: c, ldc: n, alpha: alpha, beta: beta)
}

/// The same with explicit leading dimensions, so a block can be a column slice of a wider matrix.
/// Large products are split by rows of C across the kit's threads (`Parallel`), each thread
/// calling a single-threaded OpenBLAS on its rows: on small machines this beats OpenBLAS's own
/// threads, which spin while they wait and compete with the kit's elementwise work.
func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
          a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
          c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float) {
    guard m > 0, n > 0 else { return }
    if k == 0 {   // an empty product: C = beta·C
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
        return
    }
    // Row i of op(A) starts at a + i·lda (A stored as is) or at column i, a + i (A transposed).
    let rowStep = transA ? 1 : lda
    Parallel.rows(m, cost: m >= 16 ? m * n * k / 64 : 0) { rows in
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(rows.count), Int32(n), Int32(k), alpha, a + rows.lowerBound * rowStep, Int32(lda),
                    b, Int32(ldb), beta, c + rows.lowerBound * ldc, Int32(ldc))
    }
}

extension Tensor {
    // snippet.matmul
    /// Matrix product op(self)·op(other) over the last two axes, where op transposes when asked.
    /// Shapes: self [..., m, k] (or [..., k, m] with transposeSelf); other [..., k, n] with the
    /// same leading axes, or a plain [k, n] matrix shared by every batch element (a linear layer).
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        let a = self, b = other
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs matrices, shapes \(a.shape) and \(b.shape)")
        let sharedB = b.rank == 2 && a.rank > 2
        precondition(sharedB || a.shape.dropLast(2) == b.shape.dropLast(2),
                     "matmul: batch axes differ, shapes \(a.shape) and \(b.shape)")
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeSelf ? (ac, ar) : (ar, ac)
        let (k2, n) = transposeOther ? (bc, br) : (br, bc)
        precondition(k == k2, "matmul: inner sizes differ (\(k) vs \(k2)), shapes \(a.shape) and \(b.shape)")
        let batch = a.shape.dropLast(2).reduce(1, *)
        // A linear layer over [batch, m, k] is one big product [batch·m, k]·[k, n].
        let folds = sharedB && !transposeSelf
        // beta = 0 below overwrites every element, so the buffer starts uninitialized.
        let out = [Float](unsafeUninitializedCapacity: batch * m * n) { pc, initialized in
            initialized = batch * m * n
            a.data.withUnsafeBufferPointer { pa in b.data.withUnsafeBufferPointer { pb in
                if folds {
                    gemm(transA: false, transB: transposeOther, m: batch * m, n: n, k: k,
                         a: pa.baseAddress!, b: pb.baseAddress!, c: pc.baseAddress!, beta: 0)
                } else {
                    for i in 0..<batch {
                        gemm(transA: transposeSelf, transB: transposeOther, m: m, n: n, k: k,
                             a: pa.baseAddress! + i * m * k, b: pb.baseAddress! + (sharedB ? 0 : i * k * n),
                             c: pc.baseAddress! + i * m * n, beta: 0)
                    }
                }
            } }
        }
        let outShape = Array(a.shape.dropLast(2)) + [m, n]
        return Tensor(result: out, shape: outShape, op: "matmul", inputs: [a, b]) { g in
            // Folded products fold their gradients the same way: one product, not `batch`.
            Tensor.matmulBackward(g, a, b, transA: transposeSelf, transB: transposeOther,
                                  batch: folds ? 1 : batch, m: folds ? batch * m : m, n: n, k: k,
                                  sharedB: sharedB)
        }
    }
    // snippet.end

    /// Gradients of C = op(A)·op(B) given G = dC: d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G,
    /// written in terms of the stored (untransposed) A and B and accumulated with beta = 1.
    static func matmulBackward(_ g: [Float], _ a: Tensor, _ b: Tensor, transA: Bool, transB: Bool,
                               batch: Int, m: Int, n: Int, k: Int, sharedB: Bool) {
        g.withUnsafeBufferPointer { pg in
            let G = pg.baseAddress!
            if a.requiresGrad {
                b.data.withUnsafeBufferPointer { pb in a.withGradBuffer { da in
                    for i in 0..<batch {
                        let Bi = pb.baseAddress! + (sharedB ? 0 : i * k * n), Gi = G + i * m * n
                        let dAi = da.baseAddress! + i * m * k
                        if transA {  // A is [k, m]: dA = op(B)·Gᵀ
                            gemm(transA: transB, transB: true, m: k, n: m, k: n, a: Bi, b: Gi, c: dAi, beta: 1)
                        } else {     // A is [m, k]: dA = G·op(B)ᵀ
                            gemm(transA: false, transB: !transB, m: m, n: k, k: n, a: Gi, b: Bi, c: dAi, beta: 1)
                        }
                    }
                } }
            }
            if b.requiresGrad {
                a.data.withUnsafeBufferPointer { pa in b.withGradBuffer { db in
                    for i in 0..<batch {
                        let Ai = pa.baseAddress! + i * m * k, Gi = G + i * m * n
                        let dBi = db.baseAddress! + (sharedB ? 0 : i * k * n)  // shared B: sum over batch
                        if transB {  // B is [n, k]: dB = Gᵀ·op(A)
                            gemm(transA: true, transB: transA, m: n, n: k, k: m, a: Gi, b: Ai, c: dBi, beta: 1)
                        } else {     // B is [k, n]: dB = op(A)ᵀ·G
                            gemm(transA: !transA, transB: false, m: k, n: n, k: m, a: Ai, b: Gi, c: dBi, beta: 1)
                        }
                    }
                } }
            }
        }
    }
}
