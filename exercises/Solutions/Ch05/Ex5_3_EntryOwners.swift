// Exercise 5.3 (solution): walk the masks in learning order; an entry belongs to the first mask
// that selects it, because from then on it is in the union and isolation freezes it.

import ExerciseSupport
import LotteryMasks

public func entryOwners(masks: [PromptMask], promptEntries: Int) throws -> [Int?] {
    var owners = [Int?](repeating: nil, count: promptEntries)
    for (task, mask) in masks.enumerated() {
        for j in 0..<promptEntries where mask[j] && owners[j] == nil { owners[j] = task }
    }
    return owners
}
