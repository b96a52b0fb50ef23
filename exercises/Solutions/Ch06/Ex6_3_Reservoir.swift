// Exercise 6.3 (solution): Algorithm R. Item i replaces a uniform slot of 0...i when it lands
// inside the reservoir.

import ExerciseSupport
import Tensors

public func sampleReservoir<T>(_ items: [T], count: Int, rng: inout SeededGenerator) throws -> [T] {
    var kept = Array(items.prefix(count))
    guard items.count > count else { return kept }
    for i in count..<items.count {
        let j = Int(rng.next() % UInt64(i + 1))
        if j < count { kept[j] = items[i] }
    }
    return kept
}
