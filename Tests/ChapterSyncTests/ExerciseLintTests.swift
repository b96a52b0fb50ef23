// The exercise metadata lint on a throwaway tree: a clean tree passes, and each kind of problem is named.

import ChapterKit
import Foundation
import Testing

@Suite struct ExerciseLintTests {
    let tree: TemporaryTree

    init() throws { tree = try TemporaryTree() }

    static func stub(_ id: String) -> String {
        """
        // Exercise \(id): a stub that compiles and throws until solved.
        import ExerciseSupport

        public func answer() throws -> Int {
            // TODO(\(id)): return the answer.
            throw Unimplemented("\(id)")
        }

        """
    }

    /// Three levels, as the lint asks: a nudge, a strategy, a plan.
    static func levels(_ nudge: String) -> [String] { [nudge, "\(nudge) Then the strategy.", "\(nudge) Then the plan."] }

    static let exercises = [
        Exercise(id: "1.1", chapter: 1, title: "First", stub: "exercises/Stubs/Ch01/Ex1_1_First.swift", hints: levels("Look up.")),
        Exercise(id: "1.2", chapter: 1, title: "Second", stub: "exercises/Stubs/Ch01/Ex1_2_Second.swift",
                 hints: levels("Look down."), startsSolved: true),
        Exercise(id: "2.1", chapter: 2, title: "Third", stub: "exercises/Stubs/Ch02/Ex2_1_Third.swift", hints: levels("Left.")),
    ]

    /// Writes a complete, clean exercise tree for `exercises` and returns its catalog.
    @discardableResult
    func writeCleanTree(_ exercises: [Exercise] = exercises) throws -> ExerciseCatalog {
        let catalog = ExerciseCatalog(exercises: exercises)
        try tree.write("exercises/exercises.json", String(decoding: try JSONEncoder().encode(catalog), as: UTF8.self))
        for exercise in exercises {
            let name = (exercise.stub as NSString).lastPathComponent
            let folder = String(format: "Ch%02d", exercise.chapter)
            try tree.write(exercise.stub, Self.stub(exercise.id))
            try tree.write("exercises/Solutions/\(folder)/\(name)", "public func answer() throws -> Int { 42 }\n")
        }
        try tree.write("Tests/ExerciseTests/Ch01Tests.swift", "@Test func ex1_1_first() {}\n@Test  func  ex1_2_second() {}\n")
        try tree.write("Tests/ExerciseTests/Ch02Tests.swift", "@Test func ex2_1_third() throws {}\n")
        try tree.write("exercises/Stubs/README.md", "Work here.\n")
        return catalog
    }

    func lint() -> [ExerciseProblem] { ExerciseLint.lint(root: tree.root) }

    @Test func cleanTreePassesAndCatalogDecodes() throws {
        try writeCleanTree()
        #expect(lint() == [])
        let catalog = try ExerciseCatalog.load(root: tree.root)
        #expect(catalog.exercises.map(\.id) == ["1.1", "1.2", "2.1"])
        #expect(catalog.exercise(id: "1.2")?.startsSolved == true)
        #expect(try catalog.hint(for: "2.1") == "Left.")
        #expect(try catalog.hint(for: "2.1", level: 3) == "Left. Then the plan.")
        #expect(throws: ExerciseCatalogError.unknownLevel(id: "2.1", level: 4, levels: 3)) { try catalog.hint(for: "2.1", level: 4) }
        #expect(throws: ExerciseCatalogError.self) { try catalog.hint(for: "9.9") }
    }

    @Test func startsSolvedDefaultsToFalse() throws {
        let json = #"{"exercises":[{"id":"1.1","chapter":1,"title":"t","stub":"s","hints":["h"]}]}"#
        #expect(try ExerciseCatalog.decode(Data(json.utf8)).exercises[0].startsSolved == false)
    }

    @Test func missingTODOAndUnimplementedAreReported() throws {
        try writeCleanTree()
        try tree.write("exercises/Stubs/Ch01/Ex1_1_First.swift", "public func answer() throws -> Int { 0 }\n")
        let path = "exercises/Stubs/Ch01/Ex1_1_First.swift"
        #expect(lint() == [.missingTODO(id: "1.1", path: path), .missingUnimplemented(id: "1.1", path: path)])
    }

    @Test func fatalErrorIsReported() throws {
        try writeCleanTree()
        try tree.write("exercises/Stubs/Ch02/Ex2_1_Third.swift", Self.stub("2.1") + "func no() { fatalError() }\n")
        #expect(lint() == [.usesFatalError(id: "2.1", path: "exercises/Stubs/Ch02/Ex2_1_Third.swift", line: 8)])
    }

    @Test func longStubIsReported() throws {
        try writeCleanTree()
        let padded = Self.stub("1.1") + String(repeating: "// padding\n", count: 60)
        try tree.write("exercises/Stubs/Ch01/Ex1_1_First.swift", padded)
        #expect(lint() == [.stubTooLong(id: "1.1", path: "exercises/Stubs/Ch01/Ex1_1_First.swift", lines: 67, limit: 60)])
    }

    @Test func missingSolutionIsReported() throws {
        try writeCleanTree()
        try tree.remove("exercises/Solutions/Ch02/Ex2_1_Third.swift")
        #expect(lint() == [.missingSolution(id: "2.1", path: "exercises/Solutions/Ch02/Ex2_1_Third.swift")])
    }

    @Test func strayFilesAreReported() throws {
        try writeCleanTree()
        try tree.write("exercises/Solutions/Ch01/Helper.swift", "let x = 1\n")
        try tree.write("exercises/Stubs/Ch02/notes.txt", "todo\n")
        try tree.write("exercises/Solutions/Ch01/README.md", "Solutions.\n")
        #expect(lint() == [.strayFile(path: "exercises/Solutions/Ch01/Helper.swift"),
                           .strayFile(path: "exercises/Stubs/Ch02/notes.txt")])
    }

    @Test func outOfOrderAndDuplicateIDsAreReported() throws {
        let e = Self.exercises
        try writeCleanTree([e[0], e[2], e[1], e[1]])
        #expect(lint() == [.outOfOrder(id: "1.2", previous: "2.1"), .duplicateID(id: "1.2")])
    }

    @Test func missingTestFunctionIsReported() throws {
        try writeCleanTree()
        try tree.write("Tests/ExerciseTests/Ch01Tests.swift", "@Test func ex1_1_first() {}\n// ex1_2_second is missing\n")
        #expect(lint() == [.missingTest(id: "1.2", testFile: "Tests/ExerciseTests/Ch01Tests.swift",
                                        functionPrefix: "ex1_2_")])
    }

    @Test func emptyHintAndMissingLevelsAreReported() throws {
        var exercises = Self.exercises
        exercises[1] = Exercise(id: "1.2", chapter: 1, title: "Second", stub: exercises[1].stub, hints: ["Look.", "  ", "Plan."])
        exercises[2] = Exercise(id: "2.1", chapter: 2, title: "Third", stub: exercises[2].stub, hints: ["Only one."])
        try writeCleanTree(exercises)
        #expect(lint() == [.emptyHint(id: "1.2", level: 2), .hintLevels(id: "2.1", count: 1)])
    }

    @Test func codeInAHintIsReported() throws {
        var exercises = Self.exercises
        exercises[0] = Exercise(id: "1.1", chapter: 1, title: "First", stub: exercises[0].stub,
                                hints: ["Think of `reduceToShape(_:to:)` and `x.grad`.", "Use max(v, 0).", "Write `let y = a * b`."])
        try writeCleanTree(exercises)
        #expect(lint() == [.codeInHint(id: "1.1", level: 2, fragments: ["max(v, 0)"]),
                           .codeInHint(id: "1.1", level: 3, fragments: ["`let y = a * b`"])])
    }

    @Test("what reads as code in a hint, and what does not")
    func hintLintRules() {
        for words in ["Σ_j g_j·y_j = dot, the same for every i in the row.", "Call `topNIndices(_:n:)` on `keys.count` rows.",
                      "Run it with `--mine` (chapter 1, section 'Checking gradients').", "The larger of v and 0, plus log of 1 + e^−|v|."] {
            #expect(HintLint.codeFragments(in: words) == [], "\(words)")
        }
        #expect(HintLint.codeFragments(in: "for i in 0..<n { y[i] += 1 }") == ["{", "}", "+=", "..<", "y[i]"])
        #expect(HintLint.codeFragments(in: "return a -> b; then `f(x)`") == [";", "->", "`f(x)`"])
    }

    /// A learner solves stubs in place: the stub rules then apply to the committed text, and the
    /// lint stays clean. Needs git, as a clone has.
    @Test func aStubTheLearnerSolvedIsJudgedByItsCommittedText() throws {
        try writeCleanTree()
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", tree.root.path, "-c", "user.name=t", "-c", "user.email=t@t"] + arguments
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        try git("init", "-q")
        try git("add", ".")
        try git("commit", "-q", "-m", "kit")
        let path = "exercises/Stubs/Ch01/Ex1_1_First.swift"
        try tree.write(path, "public func answer() throws -> Int { 42 }\n")
        let changes = LearnerChanges.detect(root: tree.root, stubs: Self.exercises.map(\.stub))
        #expect(changes.changedStubs == [path])
        #expect(changes.committedText(of: path) == Self.stub("1.1"))
        #expect(lint() == [])
    }

    @Test func malformedIDWrongChapterAndMisnamedStubAreReported() throws {
        let e = Self.exercises
        try writeCleanTree([e[0], e[1], Exercise(id: "2.1", chapter: 3, title: "t", stub: e[2].stub, hints: Self.levels("h"))])
        #expect(lint().contains(.chapterMismatch(id: "2.1", chapter: 3)))

        try writeCleanTree([Exercise(id: "1.x", chapter: 1, title: "t", stub: e[0].stub, hints: Self.levels("h"))])
        #expect(lint().contains(.malformedID(id: "1.x")))

        let misnamed = Exercise(id: "1.1", chapter: 1, title: "t", stub: "exercises/Stubs/Ch01/First.swift", hints: Self.levels("h"))
        try writeCleanTree([misnamed])
        #expect(lint().contains(.stubNameMismatch(id: "1.1", path: misnamed.stub, expectedPrefix: "Ex1_1_")))
    }

    @Test func missingCatalogIsAProblemNotACrash() {
        #expect(lint().count == 1)
    }
}
