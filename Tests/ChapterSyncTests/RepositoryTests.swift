// The real package: chapters must match the marked sources, and the exercise catalog must lint clean.
// These are the checks `swift test` runs in CI (style.md §2.3, §2.5).

import ChapterKit
import Foundation
import Testing

@Suite struct RepositoryTests {
    let root = packageRoot()

    @Test func chaptersMatchSources() throws {
        let report = ChapterSync(root: root).check()
        if !report.isClean {
            let lines = report.errors.map(\.description).joined(separator: "\n")
            Issue.record("chapter-tool check found \(report.errors.count) errors:\n\(lines)")
        }
        // Guard against passing vacuously: chapter 1 exists, includes code and records outputs,
        // at least one of them tagged `ci` (rerun and compared by tools/test.sh).
        #expect(report.chapters.contains { $0.hasPrefix("chapters/01-") }, "chapter 1 is missing")
        #expect(report.includesChecked >= 10, "only \(report.includesChecked) includes checked")
        #expect(report.regionCount >= 10)
        let ciOutputs = ChapterSync(root: root).loadChapters().documents.flatMap(\.directives).filter {
            if case .output(_, ci: true) = $0.kind { return true } else { return false }
        }
        #expect(!ciOutputs.isEmpty, "no chapter output is tagged ci")
    }

    @Test func exerciseCatalogIsClean() throws {
        let problems = ExerciseLint.lint(root: root)
        if !problems.isEmpty {
            let lines = problems.map(\.description).joined(separator: "\n")
            Issue.record("exercise lint found \(problems.count) problems:\n\(lines)")
        }
        #expect(try ExerciseCatalog.load(root: root).exercises.filter { $0.chapter == 1 }.count >= 4)
    }
}
