// T5's building blocks (chapter 2): linear maps without bias, multi-head attention with an
// additive position bias and optional key/value prefixes, and both feed-forward variants.
// Weights are stored [out, in] as in the reference, so a linear layer is x·Wᵀ.

import Tensors

/// Dropout settings for one forward pass. A class so that one generator advances through the
/// whole pass; evaluation passes `nil` and nothing is dropped.
public final class DropoutContext {
    public let rate: Float
    public var rng: SeededGenerator
    public init(rate: Float, seed: UInt64) { self.rate = rate; rng = SeededGenerator(seed: seed) }
    func apply(_ x: Tensor) -> Tensor { rate > 0 ? x.dropout(rate, rng: &rng) : x }
}

extension Optional where Wrapped == DropoutContext {
    func apply(_ x: Tensor) -> Tensor { self?.apply(x) ?? x }
}

/// y = x·Wᵀ for W [out, in] and x [..., in].
@inline(__always)
func linear(_ x: Tensor, _ weight: Tensor) -> Tensor { x.matmul(weight, transposeOther: true) }

/// Trainable key/value vectors prepended to one attention layer's keys and values
/// (deep prompt tuning). Each is [length, heads·dKV], shared by every example of a batch.
public struct AttentionPrefix {
    public var key: Tensor, value: Tensor
    public init(key: Tensor, value: Tensor) { (self.key, self.value) = (key, value) }
}

/// Keys and values already computed for a decoding step: the self-attention cache grows by one
/// position per step; cross-attention's is computed once from the encoder output.
public final class KeyValueCache {
    public var key: Tensor?, value: Tensor?   // [B, H, length, dKV]
    public init() {}
}

public struct Attention {
    public var q: Tensor, k: Tensor, v: Tensor, o: Tensor
    /// [buckets, heads]; only block 0 of each stack's self-attention owns one.
    public var relativeBias: Tensor?

    public init(q: Tensor, k: Tensor, v: Tensor, o: Tensor, relativeBias: Tensor?) {
        (self.q, self.k, self.v, self.o, self.relativeBias) = (q, k, v, o, relativeBias)
    }

    /// [B, S, H·dKV] → [B, H, S, dKV]: column h·dKV + j is head h, dimension j.
    static func splitHeads(_ x: Tensor, heads: Int) -> Tensor {
        let (b, s, inner) = (x.shape[0], x.shape[1], x.shape[2])
        return x.reshaped([b, s, heads, inner / heads]).permuted([0, 2, 1, 3])
    }

    // snippet.attention
    /// Multi-head attention of `x` [B, Sq, d] over `source` [B, Sk, d] (source = x for
    /// self-attention). `bias` [H, Sq, Sk] and `mask` [B, 1, 1 or Sq, Sk] are added to the scores;
    /// T5 has no 1/√dKV scaling (it is folded into q's initialization).
    func callAsFunction(_ x: Tensor, source: Tensor, bias: Tensor?, mask: Tensor?, heads: Int,
                        prefix: AttentionPrefix? = nil, cache: KeyValueCache? = nil, reuseCache: Bool = false,
                        dropout: DropoutContext? = nil) -> Tensor {
        if Kernels.fused && (dropout?.rate ?? 0) == 0 {   // the same result, faster: FusedLayers.swift
            return fused(x, source: source, bias: bias, mask: mask, heads: heads, prefix: prefix,
                         cache: cache, reuseCache: reuseCache)
        }
        let batch = x.shape[0]
        let query = Attention.splitHeads(linear(x, q), heads: heads)             // [B, H, Sq, dKV]
        var key: Tensor, value: Tensor
        if reuseCache, let cachedKey = cache?.key, let cachedValue = cache?.value {
            (key, value) = (cachedKey, cachedValue)                              // cross-attention
        } else {
            key = Attention.splitHeads(linear(source, k), heads: heads)         // [B, H, Sk, dKV]
            value = Attention.splitHeads(linear(source, v), heads: heads)
            if let cache {   // self-attention while decoding: append this step's key and value
                if !reuseCache, let old = cache.key, let oldValue = cache.value {
                    key = Tensor.concat([old, key], axis: 2)
                    value = Tensor.concat([oldValue, value], axis: 2)
                }
                (cache.key, cache.value) = (key, value)
            }
        }
        var scores = query.matmul(key, transposeOther: true)                      // [B, H, Sq, Sk]
        if let bias { scores = scores + bias }
        if let mask { scores = scores + mask }
        if let prefix {
            // Prefix columns: no position bias, never masked, so they join after bias and mask.
            let length = prefix.key.shape[0]
            let pk = Attention.splitHeads(prefix.key.reshaped([1, length, -1]).expanded(batch: batch), heads: heads)
            let pv = Attention.splitHeads(prefix.value.reshaped([1, length, -1]).expanded(batch: batch), heads: heads)
            scores = Tensor.concat([query.matmul(pk, transposeOther: true), scores], axis: 3)
            value = Tensor.concat([pv, value], axis: 2)
        }
        let weights = dropout.apply(scores.softmax())
        let mixed = weights.matmul(value)                                        // [B, H, Sq, dKV]
        let joined = mixed.permuted([0, 2, 1, 3]).reshaped([batch, x.shape[1], -1])
        return linear(joined, o)
    }
    // snippet.end
}

// snippet.feed-forward
public struct FeedForward {
    /// ReLU variant: wi [dFF, d]. Gated-GELU variant: wi0 and wi1 [dFF, d]. Both: wo [d, dFF].
    public var wi: Tensor?
    public var wi0: Tensor?
    public var wi1: Tensor?
    public var wo: Tensor

    public init(wi: Tensor?, wi0: Tensor?, wi1: Tensor?, wo: Tensor) {
        (self.wi, self.wi0, self.wi1, self.wo) = (wi, wi0, wi1, wo)
    }

    /// `observe` sees the hidden activations [B, S, dFF] before dropout (stage 7's neuron statistics).
    func callAsFunction(_ x: Tensor, dropout: DropoutContext?, observe: ((Tensor) -> Void)? = nil) -> Tensor {
        let hidden: Tensor
        if let wi0, let wi1 {
            hidden = linear(x, wi0).gelu() * linear(x, wi1)
        } else {
            hidden = linear(x, wi!).relu()
        }
        observe?(hidden)
        return linear(dropout.apply(hidden), wo)
    }
}
// snippet.end

extension Tensor {
    /// [1, ...] repeated to [batch, ...]; the gradient sums over the copies.
    func expanded(batch: Int) -> Tensor {
        precondition(shape[0] == 1, "expanded(batch:) needs a leading axis of size 1")
        if batch == 1 { return self }
        return self + Tensor.zeros([batch] + Array(repeating: 1, count: rank - 1))
    }
}
