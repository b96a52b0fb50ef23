// Exercise 3.4 (solution): sum the counts over the test set, then divide once; 0 on zero division.

import ExerciseSupport

public func microF1(_ counts: [(tp: Int, gold: Int, pred: Int)]) throws -> (precision: Double, recall: Double, f1: Double) {
    let tp = Double(counts.reduce(0) { $0 + $1.tp })
    let gold = Double(counts.reduce(0) { $0 + $1.gold }), pred = Double(counts.reduce(0) { $0 + $1.pred })
    let p = pred == 0 ? 0 : 100 * tp / pred
    let r = gold == 0 ? 0 : 100 * tp / gold
    return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r))
}
