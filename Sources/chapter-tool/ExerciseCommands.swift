// lint-exercises and stub-check: the exercise catalog's metadata lint and the stub-run verdict.

import ArgumentParser
import ChapterKit
import Foundation

struct LintExercises: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint-exercises",
        abstract: "Check exercises/exercises.json against the stubs, solutions and tests.",
        discussion: """
            Ids must be C.N in order; each stub must contain TODO(<id>) and throw Unimplemented("<id>"), \
            avoid fatalError and stay within 60 lines (a stub the learner edited is judged by its \
            committed text); each exercise needs a solution with the same file name and a test function \
            ex<C>_<N>_… in Tests/ExerciseTests/ChNNTests.swift; hints come in three non-empty levels \
            with no code in them; no stray files under exercises/Stubs or exercises/Solutions.
            """)

    @OptionGroup var options: RootOptions

    func run() throws {
        let problems = ExerciseLint.lint(root: options.rootURL)
        problems.forEach { printError("error: \($0)") }
        print("exercise lint: \(problems.count) problems")
        if !problems.isEmpty { throw ExitCode.failure }
    }
}

struct StubCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stub-check",
        abstract: "Verify that every unsolved exercise's tests fail on its untouched stub.",
        discussion: """
            Run 'swift test --filter ExerciseTests --xunit-output .build/stubs.xml' first (its failure is \
            expected), then pass the Swift Testing report it writes: .build/stubs-swift-testing.xml. \
            Test functions named ex<C>_<N>_… belong to exercise C.N. Exercises marked startsSolved must \
            pass instead. A stub that differs from its committed version (git) is the learner's work: \
            it is left out of the proof, so solving exercises in place never fails this check. Prints \
            one line on success; an empty report is an error.
            """)

    @OptionGroup var options: RootOptions

    @Option(help: ArgumentHelp("Swift Testing xunit report to read.", valueName: "path"))
    var xunit: String

    @Option(help: ArgumentHelp("Exercise catalog (default: <root>/exercises/exercises.json).", valueName: "path"))
    var catalog: String?

    func run() throws {
        let catalogURL = catalog.map { URL(fileURLWithPath: absolutePath($0)) }
            ?? options.rootURL.appendingPathComponent(ExerciseCatalog.relativePath)
        let exercises: ExerciseCatalog
        let cases: [XUnitTestCase]
        do {
            exercises = try ExerciseCatalog.load(from: catalogURL)
            cases = try StubCheck.load(path: absolutePath(xunit))
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let edited = LearnerChanges.detect(root: options.rootURL, stubs: exercises.exercises.map(\.stub)).changedStubs
        let report = StubCheck.check(cases, catalog: exercises, reportPath: xunit, edited: edited)
        guard report.isClean else {
            report.problems.forEach { printError("error: \($0)") }
            print("stub check: \(report.problems.count) problems")
            throw ExitCode.failure
        }
        print(report.summary)
    }
}
