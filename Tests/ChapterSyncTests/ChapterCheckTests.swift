// Fixture packages proving `check` catches each kind of drift and `write` repairs what it can.

import ChapterKit
import Foundation
import Testing

@Suite struct ChapterCheckTests {
    static let source = """
        public struct Adder {
            // snippet.add
            public func add(_ a: Int, _ b: Int) -> Int {
                a + b
            }
            // snippet.end
        }

        """

    static let goodChapter = """
        # Adding

        <!-- include Sources/Lib/Adder.swift#add -->
        ```swift
        public func add(_ a: Int, _ b: Int) -> Int {
            a + b
        }
        ```

        """

    /// Owned by the suite instance, so the directory outlives every use inside a test.
    let tree: TemporaryTree

    init() throws { tree = try TemporaryTree() }

    /// A package with one region and one chapter that includes it correctly.
    @discardableResult
    func fixture(chapter: String = goodChapter, source: String = source) throws -> TemporaryTree {
        try tree.write("Sources/Lib/Adder.swift", source)
        try tree.write("chapters/01-adding.md", chapter)
        return tree
    }

    @Test func matchingChapterPasses() throws {
        try fixture()
        let report = ChapterSync(root: tree.root).check()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.includesChecked == 1)
        #expect(report.chapters == ["chapters/01-adding.md"])
    }

    @Test func blockDifferingFromRegionIsCaught() throws {
        try fixture(chapter: Self.goodChapter.replacingOccurrences(of: "a + b", with: "a - b"))
        let errors = ChapterSync(root: tree.root).check().errors
        #expect(errors.count == 1)
        guard case let .blockDiffers(chapter, line, file, id, _) = try #require(errors.first) else {
            Issue.record("expected blockDiffers, got \(errors)")
            return
        }
        #expect((chapter, line, file, id) == ("chapters/01-adding.md", 3, "Sources/Lib/Adder.swift", "add"))
        #expect(errors[0].description.contains("chapters/01-adding.md:3"))
    }

    @Test func unknownFileIsCaught() throws {
        try fixture(chapter: Self.goodChapter.replacingOccurrences(of: "Adder.swift", with: "Nope.swift"))
        let errors = ChapterSync(root: tree.root).check().errors
        #expect(errors.contains(.unknownFile(chapter: "chapters/01-adding.md", line: 3, file: "Sources/Lib/Nope.swift")))
        // The real region is now used by no chapter, and that is reported too.
        #expect(errors.contains(.unusedRegion(file: "Sources/Lib/Adder.swift", line: 2, id: "add")))
    }

    @Test func unknownRegionIsCaught() throws {
        try fixture(chapter: Self.goodChapter.replacingOccurrences(of: "#add", with: "#subtract"))
        let errors = ChapterSync(root: tree.root).check().errors
        #expect(errors.contains(.unknownRegion(chapter: "chapters/01-adding.md", line: 3,
                                               file: "Sources/Lib/Adder.swift", id: "subtract")))
    }

    @Test func unusedRegionIsCaught() throws {
        try fixture()
        try tree.write("exercises/Stubs/Ch01/Extra.swift", "// snippet.spare\nlet x = 1\n// snippet.end\n")
        let errors = ChapterSync(root: tree.root).check().errors
        #expect(errors == [.unusedRegion(file: "exercises/Stubs/Ch01/Extra.swift", line: 1, id: "spare")])
    }

    @Test func nestedMarkersAreCaught() throws {
        let nested = Self.source.replacingOccurrences(of: "        a + b", with: "        // snippet.inner\n        a + b\n        // snippet.end")
        try fixture(source: nested)
        let errors = ChapterSync(root: tree.root).check().errors
        #expect(errors.contains(.nestedRegion(file: "Sources/Lib/Adder.swift", line: 4, id: "inner", enclosing: "add")))
    }

    @Test func missingFencedBlockIsCaught() throws {
        try fixture(chapter: "# Adding\n\n<!-- include Sources/Lib/Adder.swift#add -->\n\nProse.\n")
        let errors = ChapterSync(root: tree.root).check().errors
        #expect(errors == [.missingBlock(chapter: "chapters/01-adding.md", line: 3, expectedLanguage: "swift")])
    }

    @Test func malformedDirectiveAndWrongLanguageAreCaught() throws {
        let chapter = """
            <!-- include Sources/Lib/Adder.swift -->
            <!-- include Sources/Lib/Adder.swift#add -->
            ```text
            x
            ```
            """
        let errors = ChapterSync(root: try fixture(chapter: chapter).root).check().errors
        #expect(errors.contains(.malformedDirective(chapter: "chapters/01-adding.md", line: 1,
                                                    text: "<!-- include Sources/Lib/Adder.swift -->")))
        #expect(errors.contains(.wrongBlockLanguage(chapter: "chapters/01-adding.md", line: 2,
                                                    expected: "swift", found: "```text")))
    }

    @Test func directivesInsideOrdinaryCodeBlocksAreIgnored() throws {
        let chapter = Self.goodChapter + "```markdown\n<!-- include Nowhere.swift#nothing -->\n```\n"
        let report = ChapterSync(root: try fixture(chapter: chapter).root).check()
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    @Test func writeRepairsStaleBlockThenCheckPasses() throws {
        let stale = Self.goodChapter.replacingOccurrences(of: "    a + b\n", with: "    0 // old\n    1\n")
        try fixture(chapter: stale)
        let sync = ChapterSync(root: tree.root)
        #expect(!sync.check().isClean)
        let report = try sync.write()
        #expect(report.isClean)
        #expect(report.changedChapters == ["chapters/01-adding.md"])
        #expect(try tree.read("chapters/01-adding.md") == Self.goodChapter)
        #expect(sync.check().isClean)
        // A second write has nothing left to change.
        #expect(try sync.write().changedChapters.isEmpty)
    }

    @Test func writeInsertsMissingBlock() throws {
        try fixture(chapter: "# Adding\n\n<!-- include Sources/Lib/Adder.swift#add -->\n")
        _ = try ChapterSync(root: tree.root).write()
        #expect(try tree.read("chapters/01-adding.md") == Self.goodChapter)
    }

}
