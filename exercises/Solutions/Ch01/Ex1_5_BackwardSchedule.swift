// Exercise 1.5 (solution): a post-order walk from the loss (inputs first) decides, for every
// tensor, whether a target lies below it; the tensors that lead somewhere, reversed, are the
// schedule. An explicit stack, like the library's walk, so deep graphs cannot overflow it.

import ExerciseSupport
import Tensors

public func backwardSchedule(_ loss: Tensor, toward targets: [Tensor]) throws -> [Tensor] {
    let wanted = Set(targets.map(ObjectIdentifier.init))
    var leads: [ObjectIdentifier: Bool] = [:]      // finished tensors: does a target lie below?
    var entered = Set<ObjectIdentifier>()
    var postOrder: [Tensor] = []
    var stack: [(tensor: Tensor, inputsDone: Bool)] = [(loss, false)]
    while let (t, inputsDone) = stack.popLast() {
        let id = ObjectIdentifier(t)
        if inputsDone {
            leads[id] = wanted.contains(id) || t.graphInputs.contains { leads[ObjectIdentifier($0)] == true }
            postOrder.append(t)
            continue
        }
        if !entered.insert(id).inserted { continue }
        stack.append((t, true))
        for input in t.graphInputs.reversed() where !entered.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
    }
    return postOrder.reversed().filter { leads[ObjectIdentifier($0)] == true }
}
