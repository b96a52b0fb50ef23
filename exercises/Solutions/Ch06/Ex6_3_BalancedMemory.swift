// Exercise 6.3 (solution): deal the budget round-robin under each task's cap, then cut every task
// to its share with a reservoir, which keeps a uniform sample of a uniform sample uniform.

import ContinualLoop
import ExerciseSupport
import Tensors

public func rebalanceMemory<T>(_ memory: [[T]], adding task: [T], budget: Int, rng: inout SeededGenerator) throws -> [[T]] {
    let tasks = memory + [task]
    var shares = [Int](repeating: 0, count: tasks.count)
    var left = budget
    while left > 0 {
        var dealt = false
        for t in tasks.indices where left > 0 && shares[t] < tasks[t].count {
            shares[t] += 1
            left -= 1
            dealt = true
        }
        if !dealt { break }
    }
    return tasks.indices.map { reservoirSample(tasks[$0], count: shares[$0], rng: &rng) }
}
