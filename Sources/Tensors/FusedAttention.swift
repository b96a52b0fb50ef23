// Multi-head attention as one operation (chapter 2, "Making it fast").
// The taught attention (T5's Layers.swift) splits heads with two permute copies, builds the scores,
// adds bias and mask, concatenates prefix columns and runs softmax: each step a new array, and
// backward retraces all of them. This operation reads each head straight out of the projections'
// [B, S, H·D] layout (a head is a column block, reached through the leading dimension of
// cblas_sgemm), writes scores, bias, mask and softmax into one buffer per head, and writes the
// mixed values back in the same layout, ready for the output projection: no permutes, no
// intermediate tensors. The backward pass is written out by hand. Heads are split across threads.

import CBLAS

/// A tensor added to attention scores [B, H, Sq, Sk], possibly broadcast: its element for
/// (b, h, q, k) is at b·batchStride + h·headStride + q·queryStride + k.
struct ScoreTerm {
    let tensor: Tensor
    let batchStride: Int, headStride: Int, queryStride: Int

    init(_ t: Tensor, batch: Int, heads: Int, queries: Int, keys: Int) {
        // Rank 3 is [H, Sq, Sk] (a position bias shared by the batch); rank 4 is [B, H, Sq, Sk];
        // any of the first three axes may have size 1.
        let shape = t.rank == 3 ? [1] + t.shape : t.shape
        precondition(shape.count == 4 && shape[3] == keys
                     && [batch, 1].contains(shape[0]) && [heads, 1].contains(shape[1]) && [queries, 1].contains(shape[2]),
                     "attention: a score term of shape \(t.shape) does not broadcast to [\(batch), \(heads), \(queries), \(keys)]")
        tensor = t
        queryStride = shape[2] == 1 ? 0 : keys
        headStride = shape[1] == 1 ? 0 : shape[2] * keys
        batchStride = shape[0] == 1 ? 0 : shape[1] * shape[2] * keys
    }

    @inline(__always)
    func offset(_ b: Int, _ h: Int, _ q: Int) -> Int { b * batchStride + h * headStride + q * queryStride }
}

extension Tensor {
    /// softmax(q·kᵀ + Σ terms)·v for every head, on heads laid side by side.
    /// - query [B, Sq, H·D], key and value [B, Sk, H·D]: the projections' outputs as they are.
    /// - terms: tensors added to the scores (position bias [H, Sq, Sk], masks [B, 1, 1, Sk], …).
    /// - prefixKey, prefixValue [P, H·D]: key/value vectors shared by the batch and prepended
    ///   after the terms are added (no bias, never masked), as deep prompts are.
    /// Returns [B, Sq, H·D]. Equal to the taught attention in T5's Layers.swift (tested).
    public static func fusedAttention(query: Tensor, key: Tensor, value: Tensor, heads: Int, terms: [Tensor] = [],
                                      prefixKey: Tensor? = nil, prefixValue: Tensor? = nil) -> Tensor {
        let (batch, queries, width) = (query.shape[0], query.shape[1], query.shape[2])
        let keys = key.shape[1], d = width / heads, prefix = prefixKey?.shape[0] ?? 0
        let columns = prefix + keys                  // score columns: prefix first, then keys
        precondition(query.rank == 3 && width % heads == 0 && key.shape == [batch, keys, width]
                     && value.shape == key.shape, "attention: shapes \(query.shape), \(key.shape), \(value.shape)")
        precondition((prefixKey == nil) == (prefixValue == nil)
                     && prefixKey.map { $0.shape == [prefix, width] && prefixValue!.shape == [prefix, width] } ?? true,
                     "attention: prefix key and value must both be [P, \(width)]")
        let scoreTerms = terms.map { ScoreTerm($0, batch: batch, heads: heads, queries: queries, keys: keys) }
        let blockSize = queries * columns            // one head's score matrix
        let empty: [Float] = []
        // weights[b, h] = softmax over the columns, kept for the backward pass.
        var weights = [Float](unsafeUninitializedCapacity: batch * heads * blockSize) { _, n in n = batch * heads * blockSize }
        var out = [Float](unsafeUninitializedCapacity: batch * queries * width) { _, n in n = batch * queries * width }
        withBasePointers(scoreTerms.map(\.tensor.data)) { termData in
        query.data.withUnsafeBufferPointer { pq in key.data.withUnsafeBufferPointer { pk in
        value.data.withUnsafeBufferPointer { pv in (prefixKey?.data ?? empty).withUnsafeBufferPointer { ppk in
        (prefixValue?.data ?? empty).withUnsafeBufferPointer { ppv in
        weights.withUnsafeMutableBufferPointer { pw in out.withUnsafeMutableBufferPointer { po in
            Parallel.rows(heads, cost: batch * heads * blockSize * d / 8) { headRange in
                for h in headRange { for b in 0..<batch {
                    let q = pq.baseAddress! + b * queries * width + h * d
                    let k = pk.baseAddress! + b * keys * width + h * d
                    let v = pv.baseAddress! + b * keys * width + h * d
                    let s = pw.baseAddress! + (b * heads + h) * blockSize
                    // Scores: q·(prefix keys)ᵀ in the first columns, q·kᵀ after them.
                    if prefix > 0 {
                        gemm(transA: false, transB: true, m: queries, n: prefix, k: d, a: q, lda: width,
                             b: ppk.baseAddress! + h * d, ldb: width, c: s, ldc: columns, beta: 0)
                    }
                    gemm(transA: false, transB: true, m: queries, n: keys, k: d, a: q, lda: width,
                         b: k, ldb: width, c: s + prefix, ldc: columns, beta: 0)
                    for r in 0..<queries {
                        let row = s + r * columns
                        let keyScores = row + prefix
                        for t in 0..<scoreTerms.count {
                            let add = termData[t] + scoreTerms[t].offset(b, h, r)
                            for j in 0..<keys { keyScores[j] += add[j] }
                        }
                        let peak = VectorMath.maximum(row, columns)
                        VectorMath.scale(row, columns, by: 1 / VectorMath.expShifted(row, row, columns, shift: peak))
                    }
                    // Mixed values, written into head h's columns of the [B, Sq, H·D] result.
                    let o = po.baseAddress! + b * queries * width + h * d
                    if prefix > 0 {
                        gemm(transA: false, transB: false, m: queries, n: d, k: prefix, a: s, lda: columns,
                             b: ppv.baseAddress! + h * d, ldb: width, c: o, ldc: width, beta: 0)
                    }
                    gemm(transA: false, transB: false, m: queries, n: d, k: keys, a: s + prefix, lda: columns,
                         b: v, ldb: width, c: o, ldc: width, beta: prefix > 0 ? 1 : 0)
                } }
            }
        } } } } } } } }
        var inputs = [query, key, value] + terms
        if let prefixKey, let prefixValue { inputs += [prefixKey, prefixValue] }
        let geometry = AttentionGeometry(batch: batch, heads: heads, queries: queries, keys: keys, d: d, prefix: prefix)
        return Tensor(result: out, shape: [batch, queries, width], op: "attention", inputs: inputs) { g in
            attentionBackward(g, geometry, weights: weights, query: query, key: key, value: value,
                              terms: scoreTerms, prefixKey: prefixKey, prefixValue: prefixValue)
        }
    }
}

struct AttentionGeometry {
    let batch: Int, heads: Int, queries: Int, keys: Int, d: Int, prefix: Int
    var width: Int { heads * d }
    var columns: Int { prefix + keys }
}

/// The backward pass of `fusedAttention`, per head h and example b, with G = dOut and W the weights:
///   dW = G·[Vp; V]ᵀ,  dV = Wᵀ·G,  dS = W ⊙ (dW − rowsum(dW ⊙ W)) (softmax's Jacobian),
///   dQ = dS·[Kp; K],  dK = dSᵀ·Q,  d term = dS summed over the axes the term was broadcast along.
private func attentionBackward(_ g: [Float], _ x: AttentionGeometry, weights: [Float], query: Tensor, key: Tensor,
                               value: Tensor, terms: [ScoreTerm], prefixKey: Tensor?, prefixValue: Tensor?) {
    let (batch, heads, queries, keys, d, prefix) = (x.batch, x.heads, x.queries, x.keys, x.d, x.prefix)
    let width = x.width, columns = x.columns, blockSize = queries * columns
    func buffer(_ n: Int, _ needed: Bool) -> [Float] {
        needed ? [Float](unsafeUninitializedCapacity: n) { _, c in c = n } : []
    }
    // Every (b, h) block of dQ, dK, dV is written exactly once (beta 0), so they start uninitialized;
    // prefix and term gradients sum over examples and start at zero.
    var dq = buffer(query.count, query.requiresGrad), dk = buffer(key.count, key.requiresGrad)
    var dv = buffer(value.count, value.requiresGrad)
    let prefixGrads = prefixKey.map { $0.requiresGrad || prefixValue!.requiresGrad } ?? false
    var dpk = prefixGrads ? [Float](repeating: 0, count: prefix * width) : []
    var dpv = dpk
    let termGrads = terms.map { term -> UnsafeMutablePointer<Float>? in
        guard term.tensor.requiresGrad else { return nil }
        let p = UnsafeMutablePointer<Float>.allocate(capacity: term.tensor.count)
        p.initialize(repeating: 0, count: term.tensor.count)
        return p
    }
    // Heads run in parallel unless a term that needs a gradient is shared across heads.
    let headsIndependent = !terms.contains { $0.tensor.requiresGrad && $0.headStride == 0 && heads > 1 }
    let empty: [Float] = []
    g.withUnsafeBufferPointer { pg in weights.withUnsafeBufferPointer { pw in
    query.data.withUnsafeBufferPointer { pq in key.data.withUnsafeBufferPointer { pk in
    value.data.withUnsafeBufferPointer { pv in (prefixKey?.data ?? empty).withUnsafeBufferPointer { ppk in
    (prefixValue?.data ?? empty).withUnsafeBufferPointer { ppv in
    dq.withUnsafeMutableBufferPointer { dqp in dk.withUnsafeMutableBufferPointer { dkp in
    dv.withUnsafeMutableBufferPointer { dvp in dpk.withUnsafeMutableBufferPointer { dpkp in
    dpv.withUnsafeMutableBufferPointer { dpvp in
        let cost = headsIndependent ? batch * heads * blockSize * d / 8 : 0
        Parallel.rows(heads, cost: cost) { headRange in
            var scratch = [Float](repeating: 0, count: blockSize)   // dW, then dS, for one block
            scratch.withUnsafeMutableBufferPointer { ds in
                let dS = ds.baseAddress!
                for h in headRange { for b in 0..<batch {
                    let rowOffset = b * queries * width + h * d, keyOffset = b * keys * width + h * d
                    let G = pg.baseAddress! + rowOffset
                    let W = pw.baseAddress! + (b * heads + h) * blockSize
                    let Q = pq.baseAddress! + rowOffset
                    // dW = G·[Vp; V]ᵀ
                    if prefix > 0 {
                        gemm(transA: false, transB: true, m: queries, n: prefix, k: d, a: G, lda: width,
                             b: ppv.baseAddress! + h * d, ldb: width, c: dS, ldc: columns, beta: 0)
                    }
                    gemm(transA: false, transB: true, m: queries, n: keys, k: d, a: G, lda: width,
                         b: pv.baseAddress! + keyOffset, ldb: width, c: dS + prefix, ldc: columns, beta: 0)
                    // dV = Wᵀ·G (and the prefix values' share, summed over examples)
                    if value.requiresGrad {
                        gemm(transA: true, transB: false, m: keys, n: d, k: queries, a: W + prefix, lda: columns,
                             b: G, ldb: width, c: dvp.baseAddress! + keyOffset, ldc: width, beta: 0)
                    }
                    if prefixGrads {
                        gemm(transA: true, transB: false, m: prefix, n: d, k: queries, a: W, lda: columns,
                             b: G, ldb: width, c: dpvp.baseAddress! + h * d, ldc: width, beta: 1)
                    }
                    // dS = W ⊙ (dW − Σ_j dW_j W_j), row by row
                    for r in 0..<queries {
                        let row = dS + r * columns, w = W + r * columns
                        let dot = VectorMath.dot(row, w, columns)
                        for j in 0..<columns { row[j] = w[j] * (row[j] - dot) }
                    }
                    for t in 0..<terms.count {
                        guard let grad = termGrads[t] else { continue }
                        for r in 0..<queries {
                            let dst = grad + terms[t].offset(b, h, r), src = dS + r * columns + prefix
                            for j in 0..<keys { dst[j] += src[j] }
                        }
                    }
                    // dQ = dS·[Kp; K], dK = dSᵀ·Q (and the prefix keys' share)
                    if query.requiresGrad {
                        if prefix > 0 {
                            gemm(transA: false, transB: false, m: queries, n: d, k: prefix, a: dS, lda: columns,
                                 b: ppk.baseAddress! + h * d, ldb: width, c: dqp.baseAddress! + rowOffset, ldc: width, beta: 0)
                        }
                        gemm(transA: false, transB: false, m: queries, n: d, k: keys, a: dS + prefix, lda: columns,
                             b: pk.baseAddress! + keyOffset, ldb: width, c: dqp.baseAddress! + rowOffset, ldc: width,
                             beta: prefix > 0 ? 1 : 0)
                    }
                    if key.requiresGrad {
                        gemm(transA: true, transB: false, m: keys, n: d, k: queries, a: dS + prefix, lda: columns,
                             b: Q, ldb: width, c: dkp.baseAddress! + keyOffset, ldc: width, beta: 0)
                    }
                    if prefixGrads {
                        gemm(transA: true, transB: false, m: prefix, n: d, k: queries, a: dS, lda: columns,
                             b: Q, ldb: width, c: dpkp.baseAddress! + h * d, ldc: width, beta: 1)
                    }
                } }
            }
        }
    } } } } } } } } } } } }
    if query.requiresGrad { query.accumulateGrad(dq) }
    if key.requiresGrad { key.accumulateGrad(dk) }
    if value.requiresGrad { value.accumulateGrad(dv) }
    if let prefixKey, let prefixValue, prefixGrads {
        if prefixKey.requiresGrad { prefixKey.accumulateGrad(dpk) }
        if prefixValue.requiresGrad { prefixValue.accumulateGrad(dpv) }
    }
    for (term, grad) in zip(terms, termGrads) {
        guard let grad else { continue }
        term.tensor.accumulateGrad(Array(UnsafeBufferPointer(start: grad, count: term.tensor.count)))
        grad.deallocate()
    }
}

/// Calls `body` with the base address of every array (each kept alive and unmoved meanwhile).
func withBasePointers<R>(_ arrays: [[Float]], _ body: ([UnsafePointer<Float>]) -> R) -> R {
    func nest(_ i: Int, _ pointers: [UnsafePointer<Float>]) -> R {
        guard i < arrays.count else { return body(pointers) }
        return arrays[i].withUnsafeBufferPointer { nest(i + 1, pointers + [$0.baseAddress!]) }
    }
    return nest(0, [])
}
