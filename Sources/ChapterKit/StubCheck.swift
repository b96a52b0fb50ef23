// The stub check, Rustlings' `dev check` analogue: with every exercise still a
// stub, each exercise's tests must fail (or all pass, for `startsSolved`). Reads Swift Testing's xunit XML.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One `<testcase>` of an xunit report.
public struct XUnitTestCase: Equatable, Sendable {
    public let className: String
    /// The test function name, e.g. `ex1_1_broadcastAdd()` (Swift Testing records no display name).
    public let name: String
    /// True if the case holds a `<failure>` or `<error>`.
    public let failed: Bool
    public let skipped: Bool

    public init(className: String, name: String, failed: Bool, skipped: Bool = false) {
        self.className = className
        self.name = name
        self.failed = failed
        self.skipped = skipped
    }
}

/// A problem with the stub run.
public enum StubCheckProblem: Error, CustomStringConvertible, Equatable, Sendable {
    case unreadableReport(path: String, reason: String)
    case noTestCases(path: String)
    case noTests(id: String)
    case passesOnStub(id: String, test: String)
    case skippedOnStub(id: String, test: String)
    case failsThoughStartsSolved(id: String, test: String)
    case unknownExercise(test: String, id: String)

    public var description: String {
        switch self {
        case let .unreadableReport(path, reason):
            return "\(path): cannot read xunit report: \(reason)"
        case let .noTestCases(path):
            return "\(path): no test cases; the check never passes vacuously "
                + "(`swift test --xunit-output X.xml` writes Swift Testing results to X-swift-testing.xml)"
        case let .noTests(id): return "exercise \(id): no test case named ex\(id.replacingOccurrences(of: ".", with: "_"))_…"
        case let .passesOnStub(id, test): return "exercise \(id): \(test) passes on the untouched stub"
        case let .skippedOnStub(id, test): return "exercise \(id): \(test) was skipped; it must fail on the stub"
        case let .failsThoughStartsSolved(id, test):
            return "exercise \(id): \(test) fails, but the exercise is marked startsSolved"
        case let .unknownExercise(test, id): return "\(test): exercise \(id) is not in the catalog"
        }
    }
}

/// The verdict: problems, plus the counts for the one-line summary.
public struct StubCheckReport: Sendable {
    public let exerciseCount: Int
    public let failingCount: Int
    public let startsSolvedCount: Int
    /// Exercises whose stub the learner has edited: left to `lpt check`, not part of the proof.
    public let learnersCount: Int
    public let problems: [StubCheckProblem]
    public var isClean: Bool { problems.isEmpty }

    public var summary: String {
        var line = "stub check: \(exerciseCount) exercises, \(failingCount) failing as expected"
        if startsSolvedCount > 0 { line += ", \(startsSolvedCount) starting solved" }
        if learnersCount > 0 { line += ", \(learnersCount) edited by you (not part of the proof; `lpt check` tests them)" }
        return line
    }
}

public enum StubCheck {
    /// Reads and parses the report at `path`; a missing file names the file Swift Testing really writes.
    public static func load(path: String) throws -> [XUnitTestCase] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StubCheckProblem.unreadableReport(
                path: path, reason: "no such file (`--xunit-output X.xml` writes Swift Testing results to X-swift-testing.xml)")
        }
        return try parse(data, path: path)
    }

    /// Parses an xunit report's `<testcase>` elements.
    public static func parse(_ data: Data, path: String = "xunit report") throws -> [XUnitTestCase] {
        let collector = TestCaseCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        // On Linux, parse() can return true for a truncated document while still setting parserError.
        guard parser.parse(), parser.parserError == nil else {
            let reason = parser.parserError.map { "\($0)" } ?? "malformed XML"
            throw StubCheckProblem.unreadableReport(path: path, reason: reason)
        }
        return collector.cases
    }

    /// "1.1" for `ex1_1_anything()`, else nil.
    public static func exerciseID(forTestNamed name: String) -> String? {
        guard name.hasPrefix("ex") else { return nil }
        let parts = name.dropFirst(2).split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let chapter = Int(parts[0]), let number = Int(parts[1]),
              parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII) else { return nil }
        return "\(chapter).\(number)"
    }

    /// Judges a stub run: every exercise has a test; every test of an unsolved exercise failed;
    /// no test of a `startsSolved` exercise failed; and the report is not empty. Exercises whose
    /// stub the learner edited (`edited`, by stub path) are the learner's: their tests may pass.
    public static func check(_ cases: [XUnitTestCase], catalog: ExerciseCatalog,
                             reportPath: String = "xunit report", edited: Set<String> = []) -> StubCheckReport {
        var problems: [StubCheckProblem] = []
        if cases.isEmpty { problems.append(.noTestCases(path: reportPath)) }
        var byID: [String: [XUnitTestCase]] = [:]
        let known = Set(catalog.exercises.map(\.id))
        for testCase in cases {
            guard let id = exerciseID(forTestNamed: testCase.name) else { continue }
            if !known.contains(id) {
                problems.append(.unknownExercise(test: "\(testCase.className).\(testCase.name)", id: id))
            }
            byID[id, default: []].append(testCase)
        }
        var failing = 0
        var solved = 0
        var learners = 0
        for exercise in catalog.exercises {
            guard let tests = byID[exercise.id], !tests.isEmpty else {
                problems.append(.noTests(id: exercise.id))
                continue
            }
            if edited.contains(exercise.stub) { learners += 1; continue }
            let before = problems.count
            for test in tests {
                let name = "\(test.className).\(test.name)"
                if exercise.startsSolved {
                    if test.failed { problems.append(.failsThoughStartsSolved(id: exercise.id, test: name)) }
                } else if test.skipped && !test.failed {
                    problems.append(.skippedOnStub(id: exercise.id, test: name))
                } else if !test.failed {
                    problems.append(.passesOnStub(id: exercise.id, test: name))
                }
            }
            if problems.count == before {
                if exercise.startsSolved { solved += 1 } else { failing += 1 }
            }
        }
        return StubCheckReport(exerciseCount: catalog.exercises.count, failingCount: failing,
                               startsSolvedCount: solved, learnersCount: learners, problems: problems)
    }
}

/// XMLParser delegate that gathers `<testcase>` elements and whether each holds a failure.
private final class TestCaseCollector: NSObject, XMLParserDelegate {
    var cases: [XUnitTestCase] = []
    private var current: (className: String, name: String, failed: Bool, skipped: Bool)?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch elementName {
        case "testcase":
            current = (attributes["classname"] ?? "", attributes["name"] ?? "", false, false)
        case "failure", "error":
            current?.failed = true
        case "skipped":
            current?.skipped = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName: String?) {
        guard elementName == "testcase", let test = current else { return }
        cases.append(XUnitTestCase(className: test.className, name: test.name, failed: test.failed,
                                   skipped: test.skipped))
        current = nil
    }
}
