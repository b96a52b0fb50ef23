// The stub check on small Swift Testing xunit reports: it passes only when every unsolved exercise
// fails, and never passes vacuously.

import ChapterKit
import Foundation
import Testing

@Suite struct StubCheckTests {
    static let catalog = ExerciseCatalog(exercises: [
        Exercise(id: "1.1", chapter: 1, title: "a", stub: "s1", hints: ["h", "h", "h"]),
        Exercise(id: "1.2", chapter: 1, title: "b", stub: "s2", hints: ["h", "h", "h"]),
        Exercise(id: "2.1", chapter: 2, title: "c", stub: "s3", hints: ["h", "h", "h"], startsSolved: true),
    ])

    /// A report in the shape `swift test --xunit-output` writes for Swift Testing.
    static func report(_ cases: [(suite: String, name: String, fails: Bool)]) -> Data {
        let body = cases.map { test in
            let failure = test.fails ? "\n      <failure message=\"Caught error: exercise is not implemented yet\" />\n    " : ""
            return "    <testcase classname=\"ExerciseTests.\(test.suite)\" name=\"\(test.name)\" time=\"0.001\">"
                + failure + "</testcase>"
        }
        return Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites>
              <testsuite name="TestResults" errors="0" tests="\(cases.count)" failures="0" skipped="0" time="0.01">
            \(body.joined(separator: "\n"))
              </testsuite>
            </testsuites>
            """.utf8)
    }

    static let allFailing: [(suite: String, name: String, fails: Bool)] = [
        ("Ch01Tests", "ex1_1_broadcastAdd()", true),
        ("Ch01Tests", "ex1_1_broadcastAddGradient()", true),
        ("Ch01Tests", "ex1_2_matmul()", true),
        ("Ch02Tests", "ex2_1_warmUp()", false),
        ("Ch02Tests", "helperIsDeterministic()", false),
    ]

    func check(_ cases: [(suite: String, name: String, fails: Bool)]) throws -> StubCheckReport {
        StubCheck.check(try StubCheck.parse(Self.report(cases)), catalog: Self.catalog)
    }

    @Test func parsesTestCasesAndFailures() throws {
        let cases = try StubCheck.parse(Self.report(Self.allFailing))
        #expect(cases.count == 5)
        #expect(cases[0] == XUnitTestCase(className: "ExerciseTests.Ch01Tests", name: "ex1_1_broadcastAdd()",
                                          failed: true, skipped: false))
        #expect(cases.map(\.failed) == [true, true, true, false, false])
        #expect(StubCheck.exerciseID(forTestNamed: "ex12_3_x()") == "12.3")
        #expect(StubCheck.exerciseID(forTestNamed: "example()") == nil)
    }

    @Test func allUnsolvedFailingPasses() throws {
        let report = try check(Self.allFailing)
        #expect(report.problems == [])
        #expect(report.summary == "stub check: 3 exercises, 2 failing as expected, 1 starting solved")
    }

    @Test func summaryWithoutSolvedExercisesIsOneShortLine() throws {
        let catalog = ExerciseCatalog(exercises: Array(Self.catalog.exercises.prefix(2)))
        let report = StubCheck.check(try StubCheck.parse(Self.report(Array(Self.allFailing.prefix(3)))),
                                     catalog: catalog)
        #expect(report.summary == "stub check: 2 exercises, 2 failing as expected")
    }

    @Test func onePassingTestIsAProblem() throws {
        var cases = Self.allFailing
        cases[1].fails = false
        let report = try check(cases)
        #expect(report.problems == [.passesOnStub(id: "1.1", test: "ExerciseTests.Ch01Tests.ex1_1_broadcastAddGradient()")])
    }

    @Test func zeroTestCasesIsAProblem() throws {
        let report = try check([])
        #expect(report.problems.contains(.noTestCases(path: "xunit report")))
        #expect(!report.isClean)
    }

    @Test func exerciseWithoutTestsIsAProblem() throws {
        let report = try check(Self.allFailing.filter { !$0.name.hasPrefix("ex1_2_") })
        #expect(report.problems == [.noTests(id: "1.2")])
    }

    @Test func startsSolvedExerciseMustNotFail() throws {
        var cases = Self.allFailing
        cases[3].fails = true
        let report = try check(cases)
        #expect(report.problems == [.failsThoughStartsSolved(id: "2.1", test: "ExerciseTests.Ch02Tests.ex2_1_warmUp()")])
    }

    @Test func testForUnlistedExerciseIsAProblem() throws {
        let report = try check(Self.allFailing + [("Ch03Tests", "ex3_1_new()", true)])
        #expect(report.problems == [.unknownExercise(test: "ExerciseTests.Ch03Tests.ex3_1_new()", id: "3.1")])
    }

    @Test("an exercise whose stub the learner edited is left out of the proof, and counted")
    func editedStubIsTheLearners() throws {
        var cases = Self.allFailing
        cases[0].fails = false
        cases[1].fails = false
        let report = StubCheck.check(try StubCheck.parse(Self.report(cases)), catalog: Self.catalog, edited: ["s1"])
        #expect(report.problems == [])
        #expect(report.summary == "stub check: 3 exercises, 1 failing as expected, 1 starting solved, 1 edited by you (not part of the proof; `lpt check` tests them)")
    }

    @Test func malformedXMLThrows() {
        #expect(throws: StubCheckProblem.self) { try StubCheck.parse(Data("<testsuites><testcase".utf8)) }
    }
}

@Suite struct CheckDiagnosisTests {
    static let catalog = ExerciseCatalog(exercises: [
        Exercise(id: "1.1", chapter: 1, title: "a", stub: "exercises/Stubs/Ch01/Ex1_1_A.swift", hints: ["h", "h", "h"]),
        Exercise(id: "1.2", chapter: 1, title: "b", stub: "exercises/Stubs/Ch01/Ex1_2_B.swift", hints: ["h", "h", "h"]),
        Exercise(id: "5.3", chapter: 5, title: "c", stub: "exercises/Stubs/Ch05/Ex5_3_C.swift", hints: ["h", "h", "h"]),
    ])

    @Test("lpt check names the exercise whose stub does not compile, not the one being checked")
    func brokenStubIsNamed() {
        let output = """
            Building for debugging...
            /home/me/kit/exercises/Stubs/Ch05/Ex5_3_C.swift:12:9: error: cannot find 'x' in scope
            /home/me/kit/exercises/Stubs/Ch05/Ex5_3_C.swift:14:1: error: expected '}'
            error: fatalError
            """
        let d = CheckDiagnosis(output: output, catalog: Self.catalog)
        #expect(d.brokenStubs.map(\.id) == ["5.3"])
        #expect(d.brokenStubs.first?.location == "exercises/Stubs/Ch05/Ex5_3_C.swift:12")
        #expect(d.failingExercises.isEmpty)
    }

    @Test("lpt check lists the exercises whose tests failed, by display name or function name")
    func failingExercisesAreListed() {
        let output = """
            ✘ Test "1.2 log-softmax backward from its output" recorded an issue at Ch01Tests.swift:40:9: Caught error
            ✔ Test "1.1 sum a gradient back" passed after 0.001 seconds.
            ✘ Test ex5_3_isolation() failed after 0.002 seconds with 1 issue.
            """
        let d = CheckDiagnosis(output: output, catalog: Self.catalog)
        #expect(d.brokenStubs.isEmpty)
        #expect(d.failingExercises == ["1.2", "5.3"])
    }
}
