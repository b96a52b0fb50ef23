// Exercise 5.3 (solution): zero the owned entries, visiting only the non-zero words of the mask.

import ExerciseSupport
import LotteryMasks

public func isolateGradient(_ gradient: [Float], owned: PromptMask) throws -> [Float] {
    var out = gradient
    for (w, word) in owned.words.enumerated() where word != 0 {
        for bit in 0..<64 where word >> UInt64(bit) & 1 == 1 { out[w * 64 + bit] = 0 }
    }
    return out
}
