// Exercise 8.4: one projector step by hand (chapter 8, "Across models: a projector").
// The kit's PromptProjector maps each row of a prompt through tanh(x·W1ᵀ + b1)·W2ᵀ + b2 and trains
// it with autodiff. Here you write its backward pass yourself: the gradient of the distance loss
// and one plain gradient step, with no Tensor in sight.

import ExerciseSupport
import PromptTransfer

/// One step of distance minimisation on `weights` (ProjectorWeights: row-major w1 [hidden,
/// inWidth], b1 [hidden], w2 [outWidth, hidden], b2 [outWidth]).
/// - rows: m source rows of inWidth values; targets: m rows of outWidth values (m ≥ 1).
/// - Forward, per row x: h = tanh(W1·x + b1), ŷ = W2·h + b2.
/// - Loss: the mean of (ŷ − y)² over all m·outWidth entries.
/// - Return that loss (before the step, in Double) and the weights after one step
///   θ ← θ − learningRate · ∂loss/∂θ for every weight and bias (sum the gradients in Double,
///   store Float).
/// - No rows, or a row of the wrong width: throw TransferError.invalidOption(name: "rows", …).
/// The test compares with PromptProjector.sgdStep (the kit's autodiff) and with central
/// differences of the loss.
public func projectorStep(_ weights: ProjectorWeights, rows: [[Float]], targets: [[Float]],
                          learningRate: Float) throws -> (loss: Double, updated: ProjectorWeights) {
    // TODO(8.4): replace the next line with your implementation (stuck? `lpt hint 8.4`).
    throw Unimplemented("8.4")
}
