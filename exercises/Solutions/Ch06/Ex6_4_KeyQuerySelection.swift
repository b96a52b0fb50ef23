// Exercise 6.4 (solution): normalized dot products, a total order on indices, and a vote count
// that reuses it.

import ExerciseSupport

public func cosineSimilarities(query: [Float], keys: [[Float]]) throws -> [Float] {
    func normalized(_ v: [Float]) -> [Float] {
        let norm = (v.reduce(Float(0)) { $0 + $1 * $1 } + 1e-12).squareRoot()
        return v.map { $0 / norm }
    }
    let q = normalized(query)
    return keys.map { key in zip(q, normalized(key)).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
}

public func topNIndices(_ values: [Float], n: Int) throws -> [Int] {
    Array(values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }.prefix(n))
}

public func majorityVote(_ selections: [[Int]], poolSize: Int, n: Int) throws -> [Int] {
    var counts = [Float](repeating: 0, count: poolSize)
    for set in selections { for j in set { counts[j] += 1 } }
    return try topNIndices(counts, n: n).sorted()
}
