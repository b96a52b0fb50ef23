// `lpt hint ID` and `lpt check ID|CHAPTER`: the learner's side of the exercise mechanism.
// Checking runs the exercise's tests through `swift test`, filtered to one exercise or chapter.

import ArgumentParser
import CommandSupport
import ChapterKit
import Foundation

struct Hint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a hint for an exercise (`lpt hint 1.2`, then `--level 2` and `--level 3`), or list a chapter's exercises (`lpt hint 1`).",
        discussion: """
            Level 1 nudges toward the idea, level 2 gives the strategy, level 3 the whole plan in \
            words. No level prints code: the point is that you write it.
            """)

    @Argument(help: "Exercise id, e.g. 1.2, or a chapter number to list its exercises.")
    var id: String

    @Option(help: "Hint level, 1 (a nudge) to 3 (the plan in words).")
    var level = 1

    @Option(help: "Root of the kit (the folder holding exercises/).")
    var root = "."

    func validate() throws {
        try checkPath(root, "--root")
        try check(level, "--level", in: 1...ExerciseLint.hintLevels)
    }

    func run() throws {
        let catalog = try ExerciseCatalog.load(root: URL(fileURLWithPath: root))
        if let chapter = Int(id) {
            let list = catalog.exercises(chapter: chapter)
            guard !list.isEmpty else { throw ValidationError("chapter \(chapter) has no exercises") }
            print("Chapter \(chapter)'s exercises (`lpt hint ID` for a hint, `lpt check ID` to test one):")
            for exercise in list { print("  \(exercise.id)  \(exercise.title)  (\(exercise.stub))") }
            return
        }
        guard let exercise = catalog.exercise(id: id) else {
            throw ValidationError("no exercise \(id); known: \(catalog.exercises.map(\.id).joined(separator: ", "))")
        }
        let text = try catalog.hint(for: exercise.id, level: level)
        print("\(exercise.id) \(exercise.title): hint \(level) of \(exercise.hints.count)\nstub: \(exercise.stub)\n\n\(text)")
        if level < exercise.hints.count { print("\nMore: lpt hint \(exercise.id) --level \(level + 1)") }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the tests of one exercise (`lpt check 1.2`) or a whole chapter (`lpt check 1`).",
        discussion: """
            Edit the stub under exercises/Stubs/ until its tests pass; `lpt hint ID` helps. The first \
            check builds the test targets in debug mode (a minute or two); later ones rebuild only what \
            changed. Every stub is compiled, so a stub that does not compile stops every check: the \
            message names its exercise.
            """)

    @Argument(help: "An exercise id (1.2) or a chapter number (1).")
    var target: String

    @Option(help: "Root of the kit (the package folder).")
    var root = "."

    func validate() throws { try checkPath(root, "--root") }

    func run() throws {
        let catalog = try ExerciseCatalog.load(root: URL(fileURLWithPath: root))
        let filter: String
        if let chapter = Int(target) {
            guard !catalog.exercises(chapter: chapter).isEmpty else {
                throw ValidationError("chapter \(chapter) has no exercises")
            }
            filter = String(format: "ExerciseTests.Ch%02dTests", chapter)
        } else if let exercise = catalog.exercise(id: target) {
            let parts = exercise.id.split(separator: ".")
            filter = String(format: "ExerciseTests.Ch%02dTests/ex%@_%@_", exercise.chapter, String(parts[0]), String(parts[1]))
        } else {
            throw ValidationError("\(target) is neither an exercise id nor a chapter number")
        }
        let (status, output) = try runEchoing(["swift", "test", "--package-path", root, "--filter", filter])
        if status == 0 { print("passed: \(target)"); return }
        let diagnosis = CheckDiagnosis(output: output, catalog: catalog)
        if !diagnosis.brokenStubs.isEmpty {
            for (id, location) in diagnosis.brokenStubs {
                print("exercise \(id)'s file does not compile (\(location)): every exercise is built together, so fix it first, "
                      + "or restore the committed stub with `git checkout -- \(catalog.exercise(id: id)?.stub ?? location)`")
            }
        } else if !diagnosis.failingExercises.isEmpty {
            let ids = diagnosis.failingExercises
            print("not yet: \(ids.joined(separator: ", ")) failed (see above); " + ids.map { "`lpt hint \($0)`" }.joined(separator: ", ") + " may help")
        } else {
            print("not yet: see the failures above")
        }
        throw ExitCode(status)
    }

    /// Runs a command with its output passed through, and returns its status and output.
    func runEchoing(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "OPENBLAS_CORETYPE" }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collected = Collected()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            FileHandle.standardOutput.write(data)
            collected.append(data)
        }
        try process.run()
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = pipe.fileHandleForReading.readDataToEndOfFile()
        FileHandle.standardOutput.write(rest)
        collected.append(rest)
        return (process.terminationStatus, collected.text)
    }
}

/// Output gathered from a reading thread.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}
