// Exercise 5.4: bit-pack a mask (chapter 5, "A mask is one bit per entry").
// LPT stores one binary mask per task. At one bit per entry a mask costs 1/32 of a Float32 prompt,
// so thirteen tasks' masks together cost less than half the prompt itself.

import ExerciseSupport

/// The bits of `mask`, 64 to a word: entry j is bit j % 64 (bit 0 is the least significant) of
/// word j / 64. There are ⌈count / 64⌉ words (none for an empty mask), and the bits past the last
/// entry are 0, so two equal masks always have equal words (the same words as PromptMask's).
/// Example: [true, false, true] → [0b101] = [5]; 65 trues → [UInt64.max, 1].
public func packMask(_ mask: [Bool]) throws -> [UInt64] {
    // TODO(5.4): replace the next line with your implementation (stuck? `lpt hint 5.4`).
    throw Unimplemented("5.4")
}

/// The first `count` entries stored in `words` by packMask: entry j is bit j % 64 of word j / 64.
/// `words` has at least ⌈count / 64⌉ words. Example: unpackMask([5], count: 3) → [true, false, true].
public func unpackMask(_ words: [UInt64], count: Int) throws -> [Bool] {
    // TODO(5.4): replace the next line with your implementation.
    throw Unimplemented("5.4")
}
