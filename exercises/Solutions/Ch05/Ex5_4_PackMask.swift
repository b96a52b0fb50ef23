// Exercise 5.4 (solution): entry j at bit j % 64 of word j / 64; tail bits stay 0.

import ExerciseSupport

public func packMask(_ mask: [Bool]) throws -> [UInt64] {
    var words = [UInt64](repeating: 0, count: (mask.count + 63) / 64)
    for (j, bit) in mask.enumerated() where bit { words[j / 64] |= UInt64(1) << UInt64(j % 64) }
    return words
}

public func unpackMask(_ words: [UInt64], count: Int) throws -> [Bool] {
    (0..<count).map { j in words[j / 64] >> UInt64(j % 64) & 1 == 1 }
}
