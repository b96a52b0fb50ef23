// Exercise 6.3: reservoir sampling for the replay memory (chapter 6, "EWC and replay").
// Experience replay keeps a few training examples of every finished task and mixes them into the
// later tasks' training. Which few must be a fair sample, drawn in one pass, the same on every run.

import ExerciseSupport
import Tensors

/// `count` of `items`, each kept with the same probability count/n (n = items.count), in one pass
/// (Vitter's Algorithm R). With n ≤ count every item is kept, in order, and no number is drawn.
/// Otherwise the reservoir starts as the first `count` items; item i (0-based, i ≥ count) draws
/// j = Int(rng.next() % UInt64(i + 1)), uniform in 0...i, and replaces slot j when j < count.
/// That exact draw is part of the contract: with the same seed, the kit's ER learner keeps the
/// same examples as yours.
/// Example: 1,000 items, count 50 → 50 distinct items, each item kept in 5% of seeds.
public func sampleReservoir<T>(_ items: [T], count: Int, rng: inout SeededGenerator) throws -> [T] {
    // TODO(6.3): start from Array(items.prefix(count)) and return it at once if items.count ≤ count.
    // Then loop i over count..<items.count. Why it is fair: item i enters with probability
    // count/(i + 1), and a later item k evicts a given slot with probability 1/(k + 1), so item i
    // survives to the end with (count/(i + 1)) · Π_{k>i} k/(k + 1) = count/n.
    throw Unimplemented("6.3")
}
