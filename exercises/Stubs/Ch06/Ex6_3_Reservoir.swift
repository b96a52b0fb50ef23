// Exercise 6.3: reservoir sampling for the replay memory (chapter 6, "The methods, scaled to the tiny model": ER).
// Experience replay keeps a few training examples of every finished task and mixes them into the
// later tasks' training. Which few must be a fair sample, drawn in one pass, the same on every run.

import ExerciseSupport
import Tensors

/// `count` of `items`, each kept with the same probability count/n (n = items.count), in one pass
/// (Vitter's Algorithm R), identical to the kit's `reservoirSample` for the same generator state.
/// - n ≤ count: every item is returned, in order, and no number is drawn from `rng`.
/// - Otherwise the reservoir starts as the first `count` items; item i (0-based, i ≥ count) draws
///   j = Int(rng.next() % UInt64(i + 1)), uniform in 0...i, and replaces slot j when j < count.
///   That exact draw is part of the contract: with the same seed, the kit's ER learner keeps the
///   same examples as yours.
/// - count 0 gives an empty result.
/// Example: 1,000 items, count 50 → 50 distinct items, mostly not among the first 50; over many
/// seeds each item is kept 5% of the time.
public func sampleReservoir<T>(_ items: [T], count: Int, rng: inout SeededGenerator) throws -> [T] {
    // TODO(6.3): replace the next line with your implementation (stuck? `lpt hint 6.3`).
    throw Unimplemented("6.3")
}
