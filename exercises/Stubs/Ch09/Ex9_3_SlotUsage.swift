// Exercise 9.3: how a task uses the bank (chapter 9, "What retrieval reads"). Given the slots each
// of a task's sentences read, count the reads per slot, measure how concentrated they are, and
// list the slots no sentence read (with a hard top-k, those slots get no gradient from this task).

import ExerciseSupport

/// `counts[j]`: how many of `slotSets` contain slot j (0..<bankSize).
/// `topShare`: of all reads (the sum of the counts), the fraction that falls in the k most-read
/// slots, where k is the size of a set (all sets have one size) and equal counts go to the lower
/// slot; 1 means every sentence read the same set. 0 when there is no set.
/// `unread`: the slots with count 0, ascending.
/// Example: [[0, 1], [0, 2], [0, 1]], bankSize 4 → counts [3, 2, 1, 0], topShare 5/6, unread [3].
public func slotUsage(_ slotSets: [[Int]], bankSize: Int) throws -> (counts: [Int], topShare: Double, unread: [Int]) {
    // TODO(9.3): replace the next line with your implementation (stuck? `lpt hint 9.3`).
    throw Unimplemented("9.3")
}
