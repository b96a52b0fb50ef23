// What `lpt check` tells a learner after a failed `swift test`: which exercise's file does not
// compile (every stub is built together, so one broken file stops every check) and which
// exercises' tests failed, so the hint it suggests is for the right exercise.

import Foundation

/// What a failed `swift test` run says about the exercises: stubs that do not compile (by exercise
/// id, with file:line) and exercises whose tests failed, each once, in the catalog's order.
public struct CheckDiagnosis: Sendable {
    public var brokenStubs: [(id: String, location: String)] = []
    public var failingExercises: [String] = []

    public init(output: String, catalog: ExerciseCatalog) {
        var broken: [String: String] = [:], failing: Set<String> = []
        let stubError = #"exercises/Stubs/Ch\d+/Ex\d+_\d+_[A-Za-z0-9_]+\.swift:\d+"#
        for line in output.split(separator: "\n").map(String.init) {
            if line.contains("error:"), let r = line.range(of: stubError, options: .regularExpression) {
                let location = String(line[r])
                let parts = (location as NSString).lastPathComponent.dropFirst(2).split(separator: "_")
                if parts.count >= 2, broken["\(parts[0]).\(parts[1])"] == nil { broken["\(parts[0]).\(parts[1])"] = location }
            }
            guard line.contains("failed") || line.contains("recorded an issue") else { continue }
            // Swift Testing names a test by its display name ("1.2 …") or, without one, its function (ex1_2_…).
            if let r = line.range(of: #"Test "\d+\.\d+ "#, options: .regularExpression) {
                failing.insert(String(line[r].dropFirst(6).dropLast()))
            } else if let r = line.range(of: #"ex\d+_\d+_"#, options: .regularExpression),
                      let id = StubCheck.exerciseID(forTestNamed: String(line[r]) + "x") {
                failing.insert(id)
            }
        }
        for exercise in catalog.exercises {
            if let location = broken[exercise.id] { brokenStubs.append((exercise.id, location)) }
            if failing.contains(exercise.id) { failingExercises.append(exercise.id) }
        }
    }
}
