// The snapshot helper itself (the figure snapshots live in their own tests): match, mismatch, record.

import ChapterKit
import Foundation
import Testing

@Suite struct SnapshotTests {
    let tree: TemporaryTree

    init() throws { tree = try TemporaryTree() }

    @Test func matchesCommittedText() throws {
        try tree.write("figures/01-x.dot", "digraph {\n  a -> b\n}\n")
        #expect(try Snapshot.assertMatches("digraph {\n  a -> b\n}\n", file: "figures/01-x.dot", root: tree.root,
                                           environment: [:]) == .matched)
    }

    @Test func mismatchNamesFirstDifferingLine() throws {
        try tree.write("figures/01-x.dot", "digraph {\n  a -> b\n}\n")
        let error = #expect(throws: SnapshotMismatch.self) {
            try Snapshot.assertMatches("digraph {\n  a -> c\n}\n", file: "figures/01-x.dot", root: tree.root,
                                       environment: [:])
        }
        #expect(error?.difference == LineDifference(index: 1, expected: "  a -> b", actual: "  a -> c"))
        #expect(error?.description.contains("line 2") == true)
    }

    @Test func missingSnapshotFailsUnlessRecording() throws {
        #expect(throws: SnapshotMismatch(path: "figures/new.dot", difference: nil)) {
            try Snapshot.assertMatches("x\n", file: "figures/new.dot", root: tree.root, environment: [:])
        }
        #expect(try Snapshot.assertMatches("x\n", file: "figures/new.dot", root: tree.root,
                                           environment: ["RECORD_SNAPSHOTS": "1"]) == .recorded)
        #expect(try tree.read("figures/new.dot") == "x\n")
        #expect(try Snapshot.assertMatches("x\n", file: "figures/new.dot", root: tree.root, environment: [:]) == .matched)
    }
}
