// stage06 --mine: exercise 6.1's forgetting, as a column of the run's own results. BWT measures a
// task's drop from the F1 it had right after it was learned; forgetting (Chaudhry et al. 2018) from
// the best it ever had. The learner's function reads every accuracy matrix the run produces, after
// it has agreed with the kit's BWT where the two must agree and kept the order where they must.

import ArgumentParser
import ContinualLoop
import ExerciseSupport
import Exercises06
import Foundation
import Tensors

/// Why the learner's forgetting was refused.
struct ForgettingDisagreement: Error, CustomStringConvertible {
    let description: String
}

/// Checks the learner's `forgetting(after:)` on awkward matrices; returns how many it agreed on.
/// - Where no task ever rises above its just-learned F1 (every diagonal entry measured), each task's
///   forgetting is its just-learned F1 minus its final one, and the average is −BWT exactly.
/// - Where tasks may rise later, each entry is at least that drop, and the average at least −BWT.
/// - The contract's own example, a one-row and an empty run, and a last row with a gap.
func checkYourForgetting() throws -> Int {
    var rng = SeededGenerator(seed: 61)
    func f1() -> Double { Double(rng.nextInt(below: 1001)) / 10 }
    var count = 0
    func fail(_ after: [[Double?]], _ problem: String) -> ForgettingDisagreement {
        ForgettingDisagreement(description: "on the matrix \(render(after)) \(problem)")
    }
    // Partial runs (fewer rows than tasks), values above the diagonal (never counted), gaps off the diagonal.
    for (rows, tasks) in [(2, 2), (3, 3), (3, 5), (4, 4), (6, 6), (9, 9)] {
        for falling in [true, false] {
            var after: [[Double?]] = []
            for t in 0..<rows {
                after.append((0..<tasks).map { i -> Double? in
                    if i > t { return rng.nextInt(below: 2) == 0 ? nil : f1() }                 // not learned yet
                    if i == t { return f1() }
                    if t < rows - 1 && rng.nextInt(below: 4) == 0 { return nil }                   // not measured
                    // A falling column: never above its latest measured entry, so its best is the diagonal.
                    return falling ? min(after.reversed().compactMap { $0[i] }.first ?? 100, f1()) : f1()
                })
            }
            let (perTask, average) = try forgetting(after: after)
            guard perTask.count == rows - 1 else { throw fail(after, "your perTask has \(perTask.count) entries, not \(rows - 1)") }
            let matrix = AccuracyMatrix(after: after)
            for i in 0..<(rows - 1) {
                let drop = after[i][i]! - after[rows - 1][i]!
                guard let yours = perTask[i] else { throw fail(after, "task \(i)'s forgetting is nil, though it was measured") }
                if falling ? abs(yours - drop) > 1e-9 : yours < drop - 1e-9 {
                    throw fail(after, "task \(i)'s forgetting is \(yours); its drop from just-learned to final is \(drop)"
                               + (falling ? ", and it never rose, so the two must be equal" : ", and forgetting is never below it"))
                }
            }
            if falling ? abs(average + matrix.backwardTransfer) > 1e-9 : average < -matrix.backwardTransfer - 1e-9 {
                throw fail(after, "your average is \(average) and the kit's BWT \(matrix.backwardTransfer)"
                           + (falling ? ": with no task rising they must be opposites" : ": the average is never below −BWT"))
            }
            count += 1
        }
    }
    // The contract's example, and the edges it names.
    let cases: [([[Double?]], [Double?], Double)] = [
        ([[60, nil, nil], [72, 50, nil], [55, 65, 80]], [17, -15], 1),
        ([[60, nil]], [], 0), ([], [], 0),
        ([[60, 40, nil], [70, 50, nil], [nil, 45, 30]], [nil, 5], 5),
    ]
    for (after, perTask, average) in cases {
        let yours = try forgetting(after: after)
        guard yours.perTask == perTask, abs(yours.average - average) < 1e-9 else {
            throw fail(after, "your result is \(yours.perTask.map(render)) with average \(yours.average); the contract asks for "
                       + "\(perTask.map(render)) with average \(average)")
        }
        count += 1
    }
    return count
}

/// The forgetting column printed after each method's matrix, by the learner's function.
func yourForgettingLine(_ matrix: AccuracyMatrix) throws -> String {
    let (perTask, average) = try forgetting(after: matrix.after)
    let cells = zip(matrix.tasks, perTask).map { "\($0) \(render($1))" }.joined(separator: ", ")
    return String(format: "forgetting by your code (best earlier F1 minus final): %@; average %.1f (BWT %.1f)",
                  cells.isEmpty ? "no task learned before the last" : cells, average, matrix.backwardTransfer)
}

private func render(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "nil" }
private func render(_ after: [[Double?]]) -> String { "[" + after.map { "[" + $0.map(render).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]" }

extension AccuracyMatrix {
    /// A matrix holding `after` (tasks named t0, t1, …), for the kit's BWT of a test matrix.
    init(after: [[Double?]]) {
        self.init(tasks: (0..<(after.first?.count ?? 0)).map { "t\($0)" })
        self.after = after
    }
}
