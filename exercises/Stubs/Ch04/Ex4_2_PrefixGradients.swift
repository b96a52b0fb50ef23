// Exercise 4.2: the gradient that reaches a prefix (chapter 4, "Deep: a key/value prefix in every self-attention").
// A deep prompt learns only through the gradient that attention sends back into its key and value
// rows. Chapter 2 prints the forward pass with a prefix; this is the backward half, for the prefix alone.

import ExerciseSupport
import Tensors

/// d(loss)/d(prefixKey) and d(loss)/d(prefixValue) for one head of prefix attention, worked out by
/// hand: the head computes softmax([query·prefixKeyᵀ | query·keyᵀ + bias]) · [prefixValue; value],
/// one softmax per query row over all n + Sk columns, prefix columns first and with no bias (the
/// forward of chapter 2's `Attention` with a prefix, for one head of one example; no 1/√dKV).
/// - query is [Sq, dKV]; key and value are [Sk, dKV]; prefixKey and prefixValue are [n, dKV]; bias
///   is [Sq, Sk] (position bias plus padding mask, -Float.greatestFiniteMagnitude where masked);
///   outputGrad is d(loss)/d(output), [Sq, dKV].
/// - Returns (key: [n, dKV], value: [n, dKV]). Do not run backward() on the inputs: the tests check
///   that their `grad` stays nil. Any n ≥ 1 works, including n = Sk and fully masked sequence columns.
/// Example: one query [[1]], prefix key [[ln 2]], key [[0]], bias [[0]], prefix value [[3]],
/// value [[6]] and outputGrad [[1]] (weights 2/3 and 1/3, output 4) give value [[2/3]], key [[-2/3]].
/// The tests compare with autodiff, and, summed over heads and examples, with the gradient the
/// kit's own encoder sends into a deep prompt.
public func prefixGradients(query: Tensor, key: Tensor, value: Tensor, bias: Tensor,
                            prefixKey: Tensor, prefixValue: Tensor, outputGrad: Tensor) throws
    -> (key: Tensor, value: Tensor) {
    // TODO(4.2): replace the next line with your implementation (stuck? `lpt hint 4.2`).
    throw Unimplemented("4.2")
}
