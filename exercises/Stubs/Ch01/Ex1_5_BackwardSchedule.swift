// Exercise 1.5: which closures the backward pass must run (chapter 1, "The graph and the backward pass").
// `backward()` visits every tensor on a gradient path. When only some leaves need a gradient (later
// chapters train a prompt and freeze a whole model), a tensor whose inputs lead to none of them
// need not run its closure at all.

import ExerciseSupport
import Tensors

/// The tensors whose backward closures must run for every tensor in `targets` to get its
/// gradient from `loss`, in an order backward can run them: `loss` first, every tensor before
/// all of its inputs. A tensor belongs to the schedule exactly when it is `loss`-reachable
/// through `graphInputs` AND some target is reachable from it (a target itself included).
/// - Tensors are told apart by object identity (`ObjectIdentifier`), not by value, and each
///   appears once even when it is reached along several paths.
/// - No targets, or targets the loss does not depend on, give an empty schedule.
/// Example from the tests: with u = a·a, v = tanh(b), loss = sum(u + v) and targets [a], the
/// schedule holds loss, u + v, u and a (v and b are left out); with targets [a, b], all six.
public func backwardSchedule(_ loss: Tensor, toward targets: [Tensor]) throws -> [Tensor] {
    // TODO(1.5): replace the next line with your implementation (stuck? `lpt hint 1.5`).
    throw Unimplemented("1.5")
}
