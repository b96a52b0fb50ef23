// Exercise 7.2: SupSup's binary search over the masks (chapter 7, "(b) The one-shot gradient").
// The one-shot rule reads the gradient once, at α = 1/T, and trusts its sign. The entropy is not
// linear in α, so SupSup's binary variant asks again as the field narrows: each round drops the
// half of the candidates whose coefficients help least, and spreads α over the rest.

import ExerciseSupport
import NovelTasks

/// The mask SupSup's binary variant picks among `count` learned masks, and every round it took.
/// - `gradient(α)` returns g_i = ∂H/∂α_i at the coefficients α, one entry per learned mask, in
///   learning order (as the kit's `MaskSelector.entropyGradient(_:schemas:alphas:targets:)` does).
/// - Round 1 asks at α_i = 1/T for all T masks. A round with c candidates keeps the ⌈c/2⌉ of them
///   with the most negative g; among equal g the earlier mask ranks first, and a NaN g ranks after
///   every number. Only candidates compete: the g of a dropped mask is ignored. The next round
///   asks at α = 1/c′ on each of the c′ kept candidates and exactly 0 on every other mask. When
///   one candidate is left, it is the pick.
/// - Returns the pick and, per round in order, the α asked at and the g returned.
/// - T = 1: pick 0 after no round (the gradient is never asked). T = 0: throw
///   MaskSelectionError.noLearnedMasks. A g with the wrong number of entries: throw any error; an
///   error thrown by `gradient` passes through.
/// Example: T = 3. Round 1 at [1/3, 1/3, 1/3] gets g [0.2, −0.1, 0.3] and keeps masks 1 and 0;
/// round 2 at [1/2, 1/2, 0] gets g [−0.4, 0.1, −5] and keeps mask 0 (mask 2 is out): pick 0,
/// where the one-shot rule would have picked mask 1.
public func binaryMaskSearch(count: Int, gradient: ([Double]) throws -> [Double]) throws
    -> (pick: Int, rounds: [(alphas: [Double], gradients: [Double])]) {
    // TODO(7.2): replace the next line with your implementation (stuck? `lpt hint 7.2`).
    throw Unimplemented("7.2")
}
