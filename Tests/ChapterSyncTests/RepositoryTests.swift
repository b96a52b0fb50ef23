// The real package: chapters must match the marked sources, and the exercise catalog must lint clean.
// These are the checks `swift test` runs in CI.

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

    /// A recorded command and its output are what a learner types and sees in their own clone, so
    /// they name folders relative to it, never a path on the machine that recorded them.
    @Test("recorded commands and outputs name no absolute path of the recording machine")
    func recordedBlocksAreRelative() throws {
        let machinePaths = ["/work/", "/home/", "/root/", "/Users/", "/tmp/", "/private/", "/var/folders/"]
        var hits: [String] = []
        var blocks = 0
        for document in ChapterSync(root: root).loadChapters().documents {
            for directive in document.directives {
                guard case .output(let command, _) = directive.kind else { continue }
                blocks += 1
                let texts = [(directive.line, command)]
                    + (directive.block.map { block in block.lines.enumerated().map { (block.openIndex + 2 + $0.offset, $0.element) } } ?? [])
                for (line, text) in texts {
                    if let path = machinePaths.first(where: { text.contains($0) }) {
                        hits.append("\(document.path):\(line) names \(path)…: \(text.prefix(100))")
                    }
                }
            }
        }
        #expect(blocks >= 10, "only \(blocks) recorded blocks found")
        #expect(hits.isEmpty, "\(hits.count) absolute paths:\n\(hits.prefix(20).joined(separator: "\n"))")
    }

    /// A learner has only the repository: chapters, exercises, sources and tests may not send them
    /// to notes that are not in it.
    @Test("chapters, exercises, sources and tests cite no document outside the repository")
    func selfContained() throws {
        let outside = ["reference notes", "calibration run", "t5.md", "uie-sel.md", "lpt-method.md", "style.md",
                       "seed-systems.md", "calibration.md", "../shared"]
        var hits: [String] = []
        for folder in ["chapters", "exercises", "Sources", "Tests"] {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in files where ["md", "swift", "json"].contains(url.pathExtension) {
                // This file names the patterns it looks for.
                guard url.lastPathComponent != "RepositoryTests.swift",
                      let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let lower = line.lowercased()
                    if let word = outside.first(where: { lower.contains($0) }) {
                        hits.append("\(url.path.dropFirst(root.path.count + 1)):\(number + 1) cites \(word)")
                    }
                }
            }
        }
        #expect(hits.isEmpty, "\(hits.count) citations:\n\(hits.prefix(20).joined(separator: "\n"))")
    }
}
