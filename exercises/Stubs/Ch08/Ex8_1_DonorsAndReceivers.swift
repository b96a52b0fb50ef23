// Exercise 8.1: good donors and willing receivers (chapter 8, "Zero-shot transfer between tasks").
// The chapter divides each column of the transfer matrix by its diagonal and averages over pairs
// of the same and of different types. Here you summarise it the other way: per source prompt, how
// much it gives away on average, and per target task, how much it takes from other prompts.

import ExerciseSupport
import PromptTransfer

/// f1[s][t] is the test F1 on task t with task s's prompt (t's own schema prompt); nil when the
/// cell was not scored. Relative transfer r(s, t) = f1[s][t] / f1[t][t], as `TransferMatrix`
/// defines it: undefined when either cell is nil or the own F1 f1[t][t] is 0 or less.
/// - donor[s]: the mean of r(s, t) over every target t ≠ s where it is defined; nil when none is.
/// - receiver[t]: the mean of r(s, t) over every source s ≠ t where it is defined; nil when none is.
/// - The diagonal never counts (r(t, t) is 1 by definition).
/// - f1 must be square (n rows of n cells, n ≥ 1); otherwise throw
///   TransferError.invalidOption(name: "f1", value: "<rows>x<cells of the first bad row>", reason: "not square").
/// Example: f1 = [[80, 45, 10], [60, 90, 5], [20, 9, 50]] →
///   donor [(0.5 + 0.2)/2, (0.75 + 0.1)/2, (0.25 + 0.1)/2] = [0.35, 0.425, 0.175],
///   receiver [(0.75 + 0.25)/2, (0.5 + 0.1)/2, (0.2 + 0.1)/2] = [0.5, 0.3, 0.15].
public func donorsAndReceivers(_ f1: [[Double?]]) throws -> (donor: [Double?], receiver: [Double?]) {
    // TODO(8.1): replace the next line with your implementation (stuck? `lpt hint 8.1`).
    throw Unimplemented("8.1")
}
