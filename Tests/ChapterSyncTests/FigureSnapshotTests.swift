// Committed figures stay in step with the code that draws them: the DOT text is compared with
// figures/*.dot (SVGs vary with the Graphviz version, so only DOT is compared).
// Re-record with RECORD_SNAPSHOTS=1 swift test --filter FigureSnapshotTests.

import ChapterKit
import Foundation
import SEL
import T5
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

    @Test("figures/02-t5-blocks.dot matches the block diagram of the kit's backbone")
    func t5Blocks() throws {
        let vocabulary = Vocabulary.kitDefault(world: SyntheticWorld())
        let model = T5Model(config: .kitBackbone(vocabularySize: vocabulary.count), seed: 1)
        let dot = model.blockDiagramDOT()
        #expect(dot.contains("cross-attention"))
        try Snapshot.assertMatches(dot, file: "figures/02-t5-blocks.dot", root: Self.root)
    }

    @Test("figures/03-sel-tree.dot matches the SEL tree of chapter 3's running example")
    func selTree() throws {
        let dot = SELTreeDiagram.chapterFigure()
        #expect(dot.contains("people: Mary Lee") && dot.contains("same span"))
        try Snapshot.assertMatches(dot, file: "figures/03-sel-tree.dot", root: Self.root)
    }

    @Test("chapter 3's hand-made examples agree with their own tokens")
    func chapterThreeExamples() throws {
        for example in [ChapterExamples.relation(), ChapterExamples.repeatedWord()] {
            let spans = example.entity + example.relation.flatMap(\.args)
            for span in spans {
                #expect(span.offset.map { example.tokens[$0] }.joined(separator: " ") == span.text, "\(example.text): \(span)")
            }
        }
    }
}
