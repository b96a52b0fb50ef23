// The attention layer on the fused kernel (chapter 2, "Making it fast"). Same arguments and the
// same result as the taught `Attention.callAsFunction` in Layers.swift, which dispatches here
// when `Kernels.fused` is on. Keys and values stay in the projections' [B, S, H·D] layout, so a
// decoding cache built here holds [B, length, H·D] and grows along axis 1.

import Tensors

extension Attention {
    func fused(_ x: Tensor, source: Tensor, bias: Tensor?, mask: Tensor?, heads: Int, prefix: AttentionPrefix?,
               cache: KeyValueCache?, reuseCache: Bool) -> Tensor {
        let query = linear(x, q)                                                 // [B, Sq, H·D]
        var key: Tensor, value: Tensor
        if reuseCache, let cachedKey = cache?.key, let cachedValue = cache?.value {
            (key, value) = (cachedKey, cachedValue)                              // cross-attention
        } else {
            key = linear(source, k)                                              // [B, Sk, H·D]
            value = linear(source, v)
            if let cache {   // self-attention while decoding: append this step's key and value
                if !reuseCache, let old = cache.key, let oldValue = cache.value {
                    key = Tensor.concat([old, key], axis: 1)
                    value = Tensor.concat([oldValue, value], axis: 1)
                }
                (cache.key, cache.value) = (key, value)
            }
        }
        let mixed = Tensor.fusedAttention(query: query, key: key, value: value, heads: heads,
                                          terms: [bias, mask].compactMap { $0 },
                                          prefixKey: prefix?.key, prefixValue: prefix?.value)
        return linear(mixed, o)
    }
}
