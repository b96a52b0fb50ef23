// Committed figures stay in step with the code that draws them: the DOT text is compared with
// figures/*.dot (SVGs vary with the Graphviz version, so only DOT is compared).
// Re-record with RECORD_SNAPSHOTS=1 swift test --filter FigureSnapshotTests.

import ChapterKit
import Foundation
import Tensors
import Testing

@Suite struct FigureSnapshotTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("figures/01-computation-graph.dot matches the graph stage 1 draws")
    func computationGraph() throws {
        let dot = chapterOneExampleGraph().computationGraphDOT()
        #expect(dot.contains("grad 0.2159"))   // the figure shows gradients, not only values
        try Snapshot.assertMatches(dot, file: "figures/01-computation-graph.dot", root: Self.root)
    }
}
