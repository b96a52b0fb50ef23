// Exercise 4.3: a prompt produced by an MLP (chapter 4, "No reparameterisation").
// Li & Liang train their prefixes through a small MLP. The kit stores its entries directly, and
// chapter 5 depends on that; building the reparameterised version shows what it would have to give up.

import ExerciseSupport
import SoftPrompts
import Tensors

/// The prompt of `layout` computed from a small seed matrix by `mlp` (Li & Liang's P = MLP(P′)).
/// - `seed` is [n, k] with n = layout.length; `mlp` (chapter 1's `MLP`, used as it is, with its
///   own activation) maps each row of k numbers to one row of m numbers, independently per row.
/// - Deep layout: m must be layers·2·width (layers = encoder + decoder layers). Position i's row
///   holds layer 0's key, layer 0's value, layer 1's key, … as consecutive blocks of `width`.
///   Return a tensor of `layout.shape`, [layers, 2, n, width], whose entry [l, s, i, c] is column
///   (2l + s)·width + c of row i.
/// - Shallow layout: m must be width (d_model), and the rows are the prompt, [n, width].
/// - The result is a differentiable function of the seed and of every weight and bias of `mlp`:
///   it is meant for `PromptLayout.inputs`, and training would reach the MLP through it.
/// - A seed with the wrong number of rows, or an MLP with the wrong output width: throw any error.
/// Example: deep, 2 layers, n 2, width 1. Rows [a0, b0, c0, d0] and [a1, b1, c1, d1] give layer 0
/// the key [[a0], [a1]] and the value [[b0], [b1]], so the flat result is a0 a1 b0 b1 c0 c1 d0 d1.
/// The tests compare with the MLP's own output read through `PromptLayout.inputs`.
public func reparameterizedPrompt(_ seed: Tensor, mlp: MLP, layout: PromptLayout) throws -> Tensor {
    // TODO(4.3): replace the next line with your implementation (stuck? `lpt hint 4.3`).
    throw Unimplemented("4.3")
}
