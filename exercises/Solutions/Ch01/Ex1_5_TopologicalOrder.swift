// Exercise 1.5 (solution): post-order depth-first search, reversed.

import ExerciseSupport
import Tensors

public func reverseTopologicalOrder(_ root: Tensor) throws -> [Tensor] {
    var order: [Tensor] = []
    var visited = Set<ObjectIdentifier>()
    func visit(_ t: Tensor) {
        guard visited.insert(ObjectIdentifier(t)).inserted else { return }
        for input in t.graphInputs { visit(input) }
        order.append(t)
    }
    visit(root)
    return order.reversed()
}
