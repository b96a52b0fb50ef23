// Exercise 9.2: reading the bank by sampling instead of top-k (chapter 9, "The query and the
// read"). The official code ships a sampled read as an ablation: slots are drawn in proportion
// to a softmax of their scores at a temperature, without replacement. A high temperature
// approaches the random control; a low one approaches top-k.

import ExerciseSupport

/// Draws `k` distinct slots. Draw i works on the slots not drawn yet: each has weight
/// exp((score − the largest remaining score) / temperature), and the weights are divided by their
/// sum. Walking the remaining slots in bank order and adding up their probabilities, draw i picks
/// the first slot at which the running sum exceeds `uniforms[i]` (a number in [0, 1)); if rounding
/// leaves the sum at or below it, the last remaining slot. Returns the drawn slots ascending.
/// Requires 1 ≤ k ≤ scores.count, uniforms.count ≥ k, temperature > 0.
/// Example: scores [0, 0, 0, 0], k 2, uniforms [0.1, 0.9] → [0, 3] (draw 1: shares 0.25 each,
/// slot 0; draw 2: slots 1, 2, 3 at a third each, slot 3).
public func sampledSlots(scores: [Float], k: Int, temperature: Float, uniforms: [Double]) throws -> [Int] {
    // TODO(9.2): replace the next line with your implementation (stuck? `lpt hint 9.2`).
    throw Unimplemented("9.2")
}
