// Exercise 1.5: the order of the backward pass (chapter 1, "The backward pass").
// A tensor's gradient is complete only when every tensor computed from it has passed its share
// back, so backward visits results before their inputs.

import ExerciseSupport
import Tensors

/// Every tensor reachable from `root` through `graphInputs`, each exactly once, ordered so that
/// every tensor comes before all of its inputs (`root` first).
public func reverseTopologicalOrder(_ root: Tensor) throws -> [Tensor] {
    // TODO(1.5): depth-first search over `graphInputs`, appending a tensor after all of its
    // inputs (post-order); remember visited tensors by ObjectIdentifier so a value used twice
    // appears once; then reverse the list.
    throw Unimplemented("1.5")
}
