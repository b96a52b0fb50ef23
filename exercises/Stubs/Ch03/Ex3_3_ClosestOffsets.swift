// Exercise 3.3: place a relation's arguments when a word repeats (chapter 3, "Offset matching").
// The model writes spans as text; the scorer compares token offsets. When the head or the tail
// occurs more than once, UIE's `closest` strategy takes the pair of occurrences nearest each other.

import ExerciseSupport
import SEL

/// The token offsets of a relation's head and tail under the `closest` rule: over every pair of
/// occurrences (an occurrence of a span is a run of tokens equal to the span split on spaces),
/// the pair whose *start* indices are nearest, |start(head) − start(tail)|. Ties go to the
/// earlier head occurrence, then to the earlier tail occurrence. Nil if either span never occurs.
/// Example: head "Ana Cole", tail "Dunmore" in "Dunmore police said on Monday that Ana Cole lives in
/// Dunmore ." → head [6, 7], tail [10] (the `first` strategy would give tail [0]).
public func closestOffsets(head: String, tail: String, tokens: [String]) throws -> (head: [Int], tail: [Int])? {
    // TODO(3.3): two steps.
    // 1. Write the occurrences of a span: split it on " ", then for every start i where
    //    tokens[i ..< i + n] equals those words, the offsets [i, i + 1, …, i + n - 1], in order
    //    of i. (A span longer than the sentence has none.)
    // 2. If either list is empty, return nil. Otherwise loop over heads (outer) and tails (inner)
    //    in order and keep a pair only when its distance is *strictly* smaller than the best so
    //    far: that makes the earliest head, then the earliest tail, win every tie.
    throw Unimplemented("3.3")
}
