// `lpt hint ID` and `lpt check ID|CHAPTER`: the learner's side of the exercise mechanism.
// Checking runs the exercise's tests through `swift test`, filtered to one exercise or chapter.

import ArgumentParser
import CommandSupport
import ChapterKit
import Foundation

struct Hint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the hint for an exercise, e.g. `lpt hint 1.2`.")

    @Argument(help: "Exercise id, e.g. 1.2.")
    var id: String

    @Option(help: "Root of the kit (the folder holding exercises/).")
    var root = "."

    func validate() throws { try checkPath(root, "--root") }

    func run() throws {
        let catalog = try ExerciseCatalog.load(root: URL(fileURLWithPath: root))
        guard let exercise = catalog.exercise(id: id) else {
            throw ValidationError("no exercise \(id); known: \(catalog.exercises.map(\.id).joined(separator: ", "))")
        }
        print("\(exercise.id) \(exercise.title)\nstub: \(exercise.stub)\nhint: \(exercise.hint)")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the tests of one exercise (`lpt check 1.2`) or a whole chapter (`lpt check 1`).",
        discussion: "Edit the stub under exercises/Stubs/ until its tests pass; `lpt hint ID` helps.")

    @Argument(help: "An exercise id (1.2) or a chapter number (1).")
    var target: String

    @Option(help: "Root of the kit (the package folder).")
    var root = "."

    func validate() throws { try checkPath(root, "--root") }

    func run() throws {
        let catalog = try ExerciseCatalog.load(root: URL(fileURLWithPath: root))
        let filter: String
        if let chapter = Int(target) {
            guard catalog.exercises.contains(where: { $0.chapter == chapter }) else {
                throw ValidationError("chapter \(chapter) has no exercises")
            }
            filter = String(format: "ExerciseTests.Ch%02dTests", chapter)
        } else if let exercise = catalog.exercise(id: target) {
            let parts = exercise.id.split(separator: ".")
            filter = String(format: "ExerciseTests.Ch%02dTests/ex%@_%@_", exercise.chapter, String(parts[0]), String(parts[1]))
        } else {
            throw ValidationError("\(target) is neither an exercise id nor a chapter number")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "test", "--package-path", root, "--filter", filter]
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "OPENBLAS_CORETYPE" }
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            print("not yet: see the failures above; `lpt hint \(target)` may help")
            throw ExitCode(process.terminationStatus)
        }
        print("passed: \(target)")
    }
}
