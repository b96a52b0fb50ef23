// Exercise 1.4: clipping gradients by their global norm (chapter 1, "Optimizers").
// The chapter describes `clipGradientNorm` in words and does not print it: one L2 norm over every
// gradient of the model, and, when it exceeds the limit, one common scale for all of them.

import ExerciseSupport

/// Clips a model's gradients (one array per parameter tensor) to a global L2 norm of `maxNorm`.
/// - The norm is taken over every element of every array together, as one long vector; sum the
///   squares in Double, so a large model's sum does not lose its small terms.
/// - If that norm is above `maxNorm`, every element is multiplied by the same factor, so that the
///   clipped gradients have norm `maxNorm` and keep their direction; otherwise nothing changes.
/// - Returns the clipped arrays (same shapes) and the norm *before* clipping, as a Float.
/// - Empty input, empty arrays and all-zero gradients are fine: nothing to scale, norm 0.
/// The tests compare with the library's `clipGradientNorm(_:maxNorm:)` on tensors, to within 1e-6.
public func clipByGlobalNorm(_ gradients: [[Float]], maxNorm: Float) throws -> (clipped: [[Float]], norm: Float) {
    // TODO(1.4): replace the next line with your implementation (stuck? `lpt hint 1.4`).
    throw Unimplemented("1.4")
}
