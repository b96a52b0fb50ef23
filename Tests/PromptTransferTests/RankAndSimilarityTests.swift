// Spearman's ρ with ties, the embedding similarities and the initialisation measures, each
// against values computed by hand.

import Foundation
import PromptTransfer
import SEL
import SoftPrompts
import T5
import Testing

@Suite struct RankCorrelationTests {
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    @Test func averageRanksShareTies() {
        #expect(averageRanks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(averageRanks([3, 1, 2]) == [3, 1, 2])
        #expect(averageRanks([5, 5, 5]) == [2, 2, 2])
        #expect(averageRanks([0.5, -1, 0.5, -1, 7]) == [3.5, 1.5, 3.5, 1.5, 5])
        #expect(averageRanks([]) == [])
    }

    @Test func spearmanByHand() {
        // Monotone either way, whatever the spacing.
        #expect(Self.close(spearman([1, 2, 3, 4], [10, 100, 1000, 10_000]), 1))
        #expect(Self.close(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1))
        // Ties in x: ranks [1, 2.5, 2.5, 4] against [1, 3, 2, 4]; deviations from 2.5 give
        // Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5, so ρ = 4.5 / √22.5 = 3/√10 (the formula 1 − 6Σd²/(n(n²−1))
        // would give 0.95 instead).
        #expect(Self.close(spearman([1, 2, 2, 3], [1, 3, 2, 4]), 3 / 10.0.squareRoot()))
        // Ties on both sides that cancel exactly.
        #expect(Self.close(spearman([1, 1, 2, 2], [1, 2, 1, 2]), 0))
        // Ties on both sides: x ranks [1.5, 1.5, 3, 4], y ranks [1, 2.5, 2.5, 4]; mean 2.5:
        // dx = [−1, −1, 0.5, 1.5], dy = [−1.5, 0, 0, 1.5]; Σdxdy = 3.75, Σdx² = 4.5, Σdy² = 4.5.
        #expect(Self.close(spearman([7, 7, 8, 9], [0, 5, 5, 6]), 3.75 / 4.5))
    }

    @Test func spearmanUndefinedCases() {
        #expect(spearman([1, 1, 1], [1, 2, 3]) == nil)     // constant x: no order to compare
        #expect(spearman([1], [2]) == nil)
        #expect(spearman([], []) == nil)
        // A NaN pair is left out: what remains is perfectly monotone.
        #expect(Self.close(spearman([1, .nan, 3, 4], [1, 2, 3, 4]), 1))
        #expect(spearman([1, .nan], [1, 2]) == nil)
    }
}

@Suite struct PromptSimilarityTests {
    @Test func flatCosineAndDistance() {
        #expect(PromptSimilarity.flatCosine([1, 2, 3], [2, 4, 6]) == 1)
        #expect(PromptSimilarity.flatCosine([1, 0], [-1, 0]) == -1)
        #expect(PromptSimilarity.flatCosine([1, 0], [0, 1]) == 0)
        #expect(PromptSimilarity.flatCosine([0, 0], [1, 1]) == 0)
        #expect(PromptSimilarity.euclidean([1, 2, 3], [4, 6, 3]) == 5)
    }

    @Test func positionCosineAveragesRows() {
        // A deep layout over a 1+1-block config: 2 layers × (key, value) × 1 position = 4 rows of width 2.
        var config = T5Config.testSize(vocabularySize: 10)
        (config.numHeads, config.dKV) = (1, 2)
        let layout = PromptLayout(.deep, for: config, length: 1)
        #expect(layout.shape == [2, 2, 1, 2])
        // Rows: identical (1), opposite (−1), orthogonal (0), same direction (1): mean 1/4.
        let a: [Float] = [1, 0, 1, 1, 1, 0, 3, 4], b: [Float] = [1, 0, -1, -1, 0, 5, 6, 8]
        #expect(abs(PromptSimilarity.positionCosine(a, b, layout: layout) - 0.25) < 1e-12)
        // The flat cosine of the same pair differs: it weighs rows by their length.
        #expect(abs(PromptSimilarity.flatCosine(a, b) - 0.25) > 0.1)
    }
}

@Suite struct InitCurveTests {
    @Test func epochsToReachAndSpeedUp() {
        let random = InitCurve(target: "t", start: .random, source: nil, devF1: [0, 10, 30, 50, 60])
        let warm = InitCurve(target: "t", start: .sameType, source: "s", devF1: [20, 50, 55, 58, 61])
        // 90% of random's final 60 is 54: the warm start gets there after 2 epochs, random after 4.
        #expect(warm.epochs(toReach: 0.9, of: 60) == 2)
        #expect(random.epochs(toReach: 0.9, of: 60) == 4)
        #expect(warm.epochs(toReach: 0.3, of: 60) == 0)    // the start itself already reaches 18
        #expect(random.epochs(toReach: 1.1, of: 60) == nil)
        // Mean of epochs 1-4: 224/4 against 150/4.
        #expect(warm.speedUp(over: random) == 224.0 / 150)
        #expect(random.speedUp(over: random) == 1)
        #expect(warm.speedUp(over: InitCurve(target: "t", start: .random, source: nil, devF1: [0, 0, 0, 0, 0])) == nil)
        #expect(warm.speedUp(over: InitCurve(target: "t", start: .random, source: nil, devF1: [0, 1])) == nil)
    }
}
