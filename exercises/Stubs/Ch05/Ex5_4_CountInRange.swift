// Exercise 5.4: count a mask's entries in a range, on the words (chapter 5, "A mask is one bit per entry").
// How a task spends its entries across the prompt (encoder or decoder, key or value, which layer)
// is a count over one block of entries, and 64 entries share a word.

import ExerciseSupport

/// The number of set entries j with range.lowerBound ≤ j < range.upperBound, in a mask stored as
/// `PromptMask` stores it: entry j is bit j % 64 (bit 0 the least significant) of word j / 64.
/// - 0 ≤ range.lowerBound ≤ range.upperBound ≤ 64·words.count. An empty range counts 0, wherever it is.
/// - Work on the words: whole words inside the range are counted at once, and only the first and
///   last word need some of their bits ignored (the tests do not time it; a deep prompt has
///   thousands of entries per block).
/// Examples: words [0b1011_0110], range 1..<5 → 3 (entries 1, 2 and 4);
/// [UInt64.max, UInt64.max], 60..<70 → 10; [UInt64.max], 0..<64 → 64; any words, 64..<64 → 0.
/// The tests compare with `PromptMask`'s subscript on random masks and ranges at the word
/// boundaries, on every (layer, key or value) block of a deep prompt, and with `popcount`.
public func countSet(words: [UInt64], in range: Range<Int>) throws -> Int {
    // TODO(5.4): replace the next line with your implementation (stuck? `lpt hint 5.4`).
    throw Unimplemented("5.4")
}
