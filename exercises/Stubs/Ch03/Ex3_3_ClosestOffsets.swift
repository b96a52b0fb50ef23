// Exercise 3.3: place a relation's arguments when a word repeats (chapter 3, "From text spans to token offsets").
// The model writes spans as text; the scorer compares token offsets. When the head or the tail
// occurs more than once, UIE's `closest` strategy takes the pair of occurrences nearest each other.

import ExerciseSupport
import SEL

/// The token offsets of a relation's head and tail under the `closest` rule.
/// - An occurrence of a span is a run of consecutive tokens equal to the span split on single
///   spaces; its offsets are the run's token indices, in order.
/// - The answer is the pair of occurrences (one of the head, one of the tail) whose *start*
///   indices are nearest, |start(head) − start(tail)|. Ties go to the earlier head occurrence,
///   then to the earlier tail occurrence.
/// - nil if either span never occurs, a span longer than the sentence included.
/// Example: head "Ana Cole", tail "Dunmore" in "Dunmore police said on Monday that Ana Cole lives in
/// Dunmore ." → head [6, 7], tail [10] (the `first` strategy would give tail [0]).
/// The tests compare with the kit's OffsetMatcher on 500 random sentences.
public func closestOffsets(head: String, tail: String, tokens: [String]) throws -> (head: [Int], tail: [Int])? {
    // TODO(3.3): replace the next line with your implementation (stuck? `lpt hint 3.3`).
    throw Unimplemented("3.3")
}
