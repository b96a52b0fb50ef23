// Exercise 4.3: cut a deep prompt into per-layer prefixes (chapter 4, "One tensor for the whole prompt").
// The kit keeps a whole deep prompt in one tensor, so that chapter 5 can lay one mask of the same
// shape over it. The forward pass needs it as one (key, value) pair per self-attention layer.

import ExerciseSupport
import Tensors

/// The prefixes of a deep prompt `prompt` of shape [layers, 2, n, width] (axis 1: 0 = key,
/// 1 = value): element l is layer l's (key [n, width], value [n, width]), layers numbered encoder
/// first, then decoder, as PromptLayout stores them.
/// - Both pieces are differentiable parts of `prompt`: each piece's gradient lands in the prompt's
///   gradient at exactly the entries the piece was cut from (copies made from `.data` carry none).
/// Example: layers 2, n 3, width 4, values 0, 1, 2, …: layer 0's key is 0...11 and its value
/// starts at 12; layer 1's key starts at 24 and its value is 36...47.
/// The tests compare with `PromptLayout.inputs` on a configuration of width 15 and 5 layers.
public func splitDeepPrompt(_ prompt: Tensor) throws -> [(key: Tensor, value: Tensor)] {
    // TODO(4.3): replace the next line with your implementation (stuck? `lpt hint 4.3`).
    throw Unimplemented("4.3")
}
