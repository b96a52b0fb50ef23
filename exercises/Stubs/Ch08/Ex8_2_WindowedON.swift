// Exercise 8.2: ON over windows of layers (chapter 8, "Activated neurons, without data").
// The kit compares two prompts by the on/off pattern of all decoder feed-forward neurons at once,
// because the tiny backbone has two decoder blocks. Su et al.'s code for a 12-layer T5 reports the
// same cosine separately for windows of three consecutive layers (layers 0-2, 3-5, 6-8, 9-11),
// which shows where in the depth two prompts start to act alike.

import ExerciseSupport
import PromptTransfer

/// a[l][n], b[l][n]: the input to the ReLU of neuron n in decoder block l at the first decoding
/// step, with prompt A and with prompt B (values before the ReLU: a neuron is on when its
/// value is greater than 0; exactly 0 is off).
/// - Windows are consecutive blocks 0..<w, w..<2w, …; a last window may be shorter (7 blocks in
///   windows of 3: 0-2, 3-5, 6).
/// - Per window: the cosine of the two binary patterns over its blocks, shared on-neurons over
///   √(on in A · on in B); 1 when neither prompt switches a neuron on there, 0 when only one does
///   (the conventions of ActivationPattern.cosine).
/// - Throw TransferError.invalidOption(name: "window", …) for a window below 1, and
///   TransferError.invalidOption(name: "activations", …) when a and b differ in shape or the
///   blocks differ in width (the value and reason texts are yours).
/// Example: a = [[1, 2, -1, 0], [3, -1, 2, 0]], b = [[1, -1, 2, 0], [0, 0, 0, 0]], window 1 →
///   [0.5, 0]; window 2 → [1/√8 ≈ 0.354].
public func windowedON(_ a: [[Float]], _ b: [[Float]], window: Int) throws -> [Double] {
    // TODO(8.2): replace the next line with your implementation (stuck? `lpt hint 8.2`).
    throw Unimplemented("8.2")
}
