// Exercise 4.2: attention with a key/value prefix (chapter 4, "Deep prompts").
// A deep prompt gives every self-attention layer n extra keys and values in front of the
// sequence's own. The queries and the output length do not change: each query only has n more
// positions to choose from.

import ExerciseSupport
import Tensors

/// One head: softmax([query·prefixKeyᵀ | query·keyᵀ + bias]) · [prefixValue; value].
/// query is [Sq, dKV]; key and value are [Sk, dKV]; prefixKey and prefixValue are [n, dKV];
/// bias is [Sq, Sk] and holds the position bias and the padding mask of the sequence columns.
/// The n prefix columns get no bias and are never masked (the kit's convention), and, as in T5,
/// there is no 1/√dKV scaling. The result is [Sq, dKV] and differentiable in all six inputs.
/// Example: one query [[1]], prefix key [[ln 2]], key [[0]], bias [[0]]: weights 2/3 and 1/3.
public func prefixAttention(query: Tensor, key: Tensor, value: Tensor, bias: Tensor,
                            prefixKey: Tensor, prefixValue: Tensor) throws -> Tensor {
    // TODO(4.2): four Tensor operations.
    // 1. The sequence's scores: query times key transposed, plus bias ([Sq, Sk]).
    // 2. The prefix's scores: query times prefixKey transposed ([Sq, n]), with nothing added.
    // 3. Join them along the key axis, prefix first ([Sq, n + Sk]); softmax over each row.
    // 4. Join the values in the same order ([n + Sk, dKV]) and multiply the weights by them.
    // Adding the bias to the joined scores would put the sequence's bias on the prefix columns.
    throw Unimplemented("4.2")
}
