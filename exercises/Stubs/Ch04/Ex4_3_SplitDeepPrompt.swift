// Exercise 4.3: cut a deep prompt into per-layer prefixes (chapter 4, "Deep prompts").
// The kit keeps a whole deep prompt in one tensor, so that chapter 5 can lay one mask of the same
// shape over it. The forward pass needs it as one (key, value) pair per self-attention layer.

import ExerciseSupport
import Tensors

/// The prefixes of a deep prompt `prompt` of shape [layers, 2, n, width]: element l is layer l's
/// (key [n, width], value [n, width]), layers numbered encoder first, then decoder, as
/// PromptLayout stores them. Both must be differentiable pieces of `prompt`, so the gradient of
/// every layer's prefix lands in the one prompt tensor.
/// Example: layers 2, n 3, width 4, values 0, 1, 2, …: layer 1's value starts at (3·3)·4 = 36.
public func splitDeepPrompt(_ prompt: Tensor) throws -> [(key: Tensor, value: Tensor)] {
    // TODO(4.3): read layers, n and width from prompt.shape. View the prompt as a matrix of
    // layers·2·n rows of `width` (reshaping keeps the graph). In row-major order, layer l's key
    // is rows 2l·n ..< (2l + 1)·n and its value the n rows after; take each with slice(axis: 0, _:).
    // Copying .data into new Tensors would give the right numbers but no gradient.
    throw Unimplemented("4.3")
}
