// Exercise 5.3: who trained each entry (chapter 5, "Why earlier tasks cannot change").
// Gradient isolation lets a task update only entries that no earlier task selected, so over the
// whole stream each entry of θ is trained by at most one task and holds that task's work. Mask
// reuse, the capacity rule (chapter 6) and mask selection (chapter 7) all read θ through this map.

import ExerciseSupport
import LotteryMasks

/// For a prompt of `promptEntries` entries and the masks of the tasks learned so far, in learning
/// order (task 0 first), the owner of every entry: the index of the task whose gradient, under the
/// isolation rule, trained it, or nil for an entry that no task has trained (a free entry).
/// - A task whose mask selects an entry owned by an earlier task only reads it: the owner stays.
/// - Every mask covers `promptEntries` entries. No masks: every entry is free. Empty masks own nothing.
/// Example: masks [T, T, F, F], [F, T, T, F] and [T, F, T, F] over 4 entries → [0, 0, 1, nil].
/// The tests check your map against `MaskReuse` (each mask split by owner, and the free share), and
/// against a run of the library's own isolation hook, `LotteryPrompt.prepareGradients`, with masks
/// that overlap: during task k, exactly the entries your map gives to k change.
public func entryOwners(masks: [PromptMask], promptEntries: Int) throws -> [Int?] {
    // TODO(5.3): replace the next line with your implementation (stuck? `lpt hint 5.3`).
    throw Unimplemented("5.3")
}
