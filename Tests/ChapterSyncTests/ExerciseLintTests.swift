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

    static let exercises = [
        Exercise(id: "1.1", chapter: 1, title: "First", stub: "exercises/Stubs/Ch01/Ex1_1_First.swift", hint: "Look up."),
        Exercise(id: "1.2", chapter: 1, title: "Second", stub: "exercises/Stubs/Ch01/Ex1_2_Second.swift",
                 hint: "Look down.", startsSolved: true),
        Exercise(id: "2.1", chapter: 2, title: "Third", stub: "exercises/Stubs/Ch02/Ex2_1_Third.swift", hint: "Left."),
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
        #expect(throws: ExerciseCatalogError.self) { try catalog.hint(for: "9.9") }
    }

    @Test func startsSolvedDefaultsToFalse() throws {
        let json = #"{"exercises":[{"id":"1.1","chapter":1,"title":"t","stub":"s","hint":"h"}]}"#
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

    @Test func emptyHintIsReported() throws {
        var exercises = Self.exercises
        exercises[1] = Exercise(id: "1.2", chapter: 1, title: "Second", stub: exercises[1].stub, hint: "  ")
        try writeCleanTree(exercises)
        #expect(lint() == [.emptyHint(id: "1.2")])
    }

    @Test func malformedIDWrongChapterAndMisnamedStubAreReported() throws {
        let e = Self.exercises
        try writeCleanTree([e[0], e[1], Exercise(id: "2.1", chapter: 3, title: "t", stub: e[2].stub, hint: "h")])
        #expect(lint().contains(.chapterMismatch(id: "2.1", chapter: 3)))

        try writeCleanTree([Exercise(id: "1.x", chapter: 1, title: "t", stub: e[0].stub, hint: "h")])
        #expect(lint().contains(.malformedID(id: "1.x")))

        let misnamed = Exercise(id: "1.1", chapter: 1, title: "t", stub: "exercises/Stubs/Ch01/First.swift", hint: "h")
        try writeCleanTree([misnamed])
        #expect(lint().contains(.stubNameMismatch(id: "1.1", path: misnamed.stub, expectedPrefix: "Ex1_1_")))
    }

    @Test func missingCatalogIsAProblemNotACrash() {
        #expect(lint().count == 1)
    }
}
