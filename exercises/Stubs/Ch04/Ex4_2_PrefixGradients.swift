// Exercise 4.2: attention with a key/value prefix (chapter 4, "Deep: a key/value prefix in every self-attention").
// A deep prompt gives every self-attention layer n extra keys and values in front of the
// sequence's own. The queries and the output length do not change: each query only has n more
// positions to choose from.

import ExerciseSupport
import Tensors

/// One head: softmax([query·prefixKeyᵀ | query·keyᵀ + bias]) · [prefixValue; value], with one
/// softmax per query row over all n + Sk columns, prefix columns first.
/// - query is [Sq, dKV]; key and value are [Sk, dKV]; prefixKey and prefixValue are [n, dKV];
///   bias is [Sq, Sk] and holds the position bias and the padding mask of the sequence columns.
/// - The n prefix columns get no bias and are never masked (the kit's convention), and, as in
///   T5, there is no 1/√dKV scaling. The result is [Sq, dKV] and differentiable in all six inputs.
/// Example: one query [[1]], prefix key [[ln 2]], key [[0]], bias [[0]]: weights 2/3 and 1/3, so
/// prefix value [[3]] and value [[6]] give [[4]]; with the bias at -Float.greatestFiniteMagnitude
/// every weight goes to the prefix: [[3]]. Half of the tests' random cases have n = Sk.
public func prefixAttention(query: Tensor, key: Tensor, value: Tensor, bias: Tensor,
                            prefixKey: Tensor, prefixValue: Tensor) throws -> Tensor {
    // TODO(4.2): replace the next line with your implementation (stuck? `lpt hint 4.2`).
    throw Unimplemented("4.2")
}
