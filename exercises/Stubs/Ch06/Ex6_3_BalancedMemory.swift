// Exercise 6.3: a replay memory with a fixed budget (chapter 6, "The methods, scaled to the tiny model").
// The kit's ER keeps 50 examples per task, so its memory grows with the stream. A fixed budget,
// shared equally by the tasks seen so far (Avalanche's experience-balanced buffer), must shrink
// the old tasks' shares as tasks arrive, and each share must stay a fair sample of its task.

import ContinualLoop
import ExerciseSupport
import Tensors

/// The memory after one more task: `memory` holds one array per finished task, in learning
/// order (as the previous call returned it); `task` is the new task's training examples.
/// Returns memory.count + 1 arrays whose sizes are the *shares*, found by dealing the `budget`
/// slots one at a time to the tasks in learning order, round and round, passing over a task
/// that has nothing more to give (an old task: the examples it holds now; the new one: all of
/// `task`), until the budget is spent or every task is passed over.
/// - Each array is a uniform random sample of its task's examples, drawn as the kit's
///   `reservoirSample(_:count:rng:)` draws it: old tasks first, in learning order, cut down to
///   their share from what they hold, then the new task sampled to its share, all from `rng`.
///   A task that keeps all it has draws nothing (as `reservoirSample` does). The tests expect
///   exactly the kit's draws, and check over 4,000 seeds that every example of a task is kept
///   equally often.
/// - A budget smaller than the number of tasks leaves the last ones empty; budget 0, all empty.
/// Example: budget 10, memory of 5 and 5 examples, a new task of 20 → shares 4, 3, 3; the same
/// with a new task of 2 → 4, 4, 2.
public func rebalanceMemory<T>(_ memory: [[T]], adding task: [T], budget: Int, rng: inout SeededGenerator) throws -> [[T]] {
    // TODO(6.3): replace the next line with your implementation (stuck? `lpt hint 6.3`).
    throw Unimplemented("6.3")
}
