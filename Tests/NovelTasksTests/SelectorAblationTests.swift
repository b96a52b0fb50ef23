// The ablation's bookkeeping (chapter 7): the hindsight best, the random mean, each selector's F1
// read off the same row, and the two figures, on a hand-made row whose answers are known.

import NovelTasks
import Testing

@Suite struct SelectorAblationTests {
    static let masks = ["14res", "ace04", "nyt"]

    /// Zero-shot F1 per mask 10 / 40 / 70. Gold perplexity picks ace04 (lowest 2.0), label-free
    /// perplexity nyt, the gradient 14res (most negative), neurons nyt (highest overlap), random ace04.
    static func row() throws -> AblationRow {
        func scores(_ xs: [Double]) -> [MaskScore] { zip(masks, xs).map { MaskScore(task: $0, score: $1) } }
        return AblationRow(task: "15res", maskF1: scores([10, 40, 70]), selections: [
            .perplexityGold: try MaskSelection(rule: .lowestPerplexity, scores: scores([3.0, 2.0, 4.0])),
            .perplexityLabelFree: try MaskSelection(rule: .lowestPerplexity, scores: scores([5.0, 6.0, 1.5])),
            .gradient: try MaskSelection(rule: .mostNegativeGradient, scores: scores([-0.3, 0.1, -0.1])),
            .neurons: try MaskSelection(rule: .highestOverlap, scores: scores([0.2, 0.1, 0.6])),
            .random: try MaskSelection(rule: .random, scores: scores([0, -1, 0])),   // a lower score wins under .random too
        ])
    }

    @Test("hindsight best, random mean and each selector's F1 come from the same row")
    func rowArithmetic() throws {
        let row = try Self.row()
        #expect(row.bestInHindsight == MaskScore(task: "nyt", score: 70))
        #expect(row.randomExpectation == 40)
        #expect(row.f1(of: .perplexityGold) == 40 && row.f1(of: .perplexityLabelFree) == 70)
        #expect(row.f1(of: .gradient) == 10 && row.f1(of: .neurons) == 70)
        let table = SelectorAblation.table([row])
        #expect(table.contains("| 15res | nyt 70.0 | 40.0 | ace04 40.0 | nyt 70.0 | 14res 10.0 | nyt 70.0 |"))
    }

    @Test("the pick figure marks each selector's letter on its mask")
    func pickLetters() throws {
        let map = SelectorAblation.heatmap([try Self.row()])
        #expect(map.values == [[10, 40, 70]])
        #expect(map.annotations == [["G", "PR", "LN"]])
    }

    @Test("the score figure puts 100 on every selector's pick, whichever way its rule points")
    func scoreRescaling() throws {
        let map = SelectorAblation.scoreHeatmap([try Self.row()])
        #expect(map.rowLabels == ["15res · P", "15res · L", "15res · G", "15res · N"])
        let picks = map.values.map { row in row.firstIndex(of: row.max()!)! }
        #expect(picks == [1, 2, 0, 2])
        #expect(map.values.allSatisfy { $0.max() == 100 && $0.min() == 0 })
        #expect(map.annotations[0] == ["3", "2", "4"] && map.annotations[2] == ["-0.3", "0.1", "-0.1"])
    }
}
