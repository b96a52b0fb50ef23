// Top-k masks, the packed form, the straight-through estimator and the documented decisions
// of chapter 5 (kept fraction, tie-break, no abs, score initialization, accounting).

import Foundation
import LotteryMasks
import SoftPrompts
import T5
import Tensors
import Testing

@Suite struct TopKTests {
    @Test("keep 0.3 of 20,480 entries selects exactly 6,144; counts round to nearest", arguments: [
        (20_480, 0.3, 6_144), (10, 0.3, 3), (7, 0.5, 4), (5, 0.0, 0), (5, 1.0, 5), (3, 0.7, 2),
    ])
    func keptCount(count: Int, keep: Double, expected: Int) {
        var rng = SeededGenerator(seed: 1)
        let scores = (0..<count).map { _ in rng.nextUniform() }
        #expect(PromptMask.top(keepFraction: keep, of: scores).popcount == expected)
        #expect(PromptMask.keptCount(keepFraction: keep, of: count) == expected)
    }

    @Test("the highest scores are kept, ties go to the lower index, a large negative score is dropped (no abs)")
    func convention() {
        let mask = PromptMask.top(keepFraction: 0.5, of: [0.2, -9, 0.2, 0.5, 0.2, 0.1])
        #expect((0..<6).map { mask[$0] } == [true, false, true, true, false, false])
    }
}

@Suite struct PackedMaskTests {
    @Test("masks round-trip through bits and through the file form", arguments: [1, 63, 64, 65, 130, 20_480])
    func roundTrip(count: Int) throws {
        var rng = SeededGenerator(seed: UInt64(count))
        let bits = (0..<count).map { _ in rng.nextUniform() < 0.3 }
        let mask = PromptMask(bits)
        #expect((0..<count).map { mask[$0] } == bits)
        #expect(mask.popcount == bits.filter { $0 }.count)
        #expect(mask.packedBytes == 8 * ((count + 63) / 64))
        #expect(try PromptMask(fileData: mask.fileData, path: "m") == mask)
    }

    @Test("union, intersection and difference work word-wise")
    func setAlgebra() {
        let a = PromptMask([true, true, false, false, true]), b = PromptMask([false, true, true, false, true])
        #expect(a.union(b) == PromptMask([true, true, true, false, true]))
        #expect(a.intersection(b) == PromptMask([false, true, false, false, true]))
        #expect(a.subtracting(b) == PromptMask([true, false, false, false, false]))
        #expect(abs(a.jaccard(b) - 0.5) < 1e-12)
    }

    @Test("a damaged mask file is an error naming it")
    func damaged() {
        let data = PromptMask(count: 100).fileData
        #expect(throws: MaskFileError.badHeader(path: "x.bits")) { try PromptMask(fileData: Data("nope".utf8), path: "x.bits") }
        #expect(throws: MaskFileError.wrongSize(path: "x.bits", expected: 32, actual: 31)) { try PromptMask(fileData: data.prefix(31), path: "x.bits") }
        var bytes = [UInt8](data)
        bytes[bytes.count - 1] = 0xFF   // bits past entry 100
        #expect(throws: MaskFileError.strayTailBits(path: "x.bits")) { try PromptMask(fileData: Data(bytes), path: "x.bits") }
    }

    @Test("a mask file stating 2^63 or more entries is a size error, not an overflow trap")
    func hugeEntryCount() {
        for stated: UInt64 in [1 << 63, .max, .max - 62, (1 << 40) + 1, 1 << 62] {
            var bytes = [UInt8](PromptMask(count: 100).fileData)
            for k in 0..<8 { bytes[8 + k] = UInt8(truncatingIfNeeded: stated >> UInt64(8 * k)) }
            #expect(throws: MaskFileError.self) { try PromptMask(fileData: Data(bytes), path: "x.bits") }
            do { _ = try PromptMask(fileData: Data(bytes), path: "x.bits") } catch {
                #expect("\(error)".hasPrefix("x.bits: mask file should have"), "\(error)")
            }
        }
    }
}

@Suite struct StraightThroughTests {
    @Test("forward is θ ⊙ m; ∂L/∂θ = g ⊙ m and ∂L/∂s = g ⊙ θ, with g = ∂L/∂θ̂ checked by finite differences")
    func gradients() {
        var rng = SeededGenerator(seed: 4)
        let theta = Tensor.normal([3, 4], std: 1, rng: &rng, requiresGrad: true)
        let scores = Tensor.uniform([3, 4], low: -1, high: 1, rng: &rng, requiresGrad: true)
        let weights = Tensor.normal([3, 4], std: 1, rng: &rng)
        let mask = PromptMask.top(keepFraction: 0.5, of: scores.data)
        let bits = mask.floats
        // L = Σ w ⊙ θ̂² so that g = 2 w ⊙ θ̂ depends on the forward value.
        func lossOf(_ hat: Tensor) -> Tensor { (weights * hat * hat).sum() }
        let hat = maskedPrompt(values: theta, scores: scores, mask: mask)
        #expect(hat.data == zip(theta.data, bits).map(*))
        lossOf(hat).backward()
        // g = ∂L/∂θ̂ from finite differences on a free leaf standing for θ̂.
        let free = Tensor(hat.data, shape: [3, 4], requiresGrad: true)
        #expect(GradientCheck.check([free]) { lossOf(free) }.passes())
        free.grad = nil
        lossOf(free).backward()
        let g = free.grad!
        for j in 0..<12 {
            #expect(abs(theta.grad![j] - g[j] * bits[j]) < 1e-6)
            #expect(abs(scores.grad![j] - g[j] * theta.data[j]) < 1e-6)
        }
    }
}

@Suite struct AccountingTests {
    @Test("Table 1 terms for the kit backbone (N = 1,319,296): P = 20,480 (1.552% of N), 6,144 tuned, 2,560 bytes per mask")
    func kitNumbers() {
        let a = LotteryAccounting(backboneParameters: 1_319_296, promptParameters: 20_480, keepFraction: 0.3, tasks: 13)
        #expect(a.keptPerTask == 6_144 && a.maskBytes == 2_560)
        #expect(abs(a.promptPercent - 1.5523) < 1e-3)
        #expect(abs(a.tunePercent - 0.46570) < 1e-4)
        #expect(abs(a.maskPercent - a.promptPercent / 32) < 1e-12)
        #expect(abs(a.addedPercent - (a.promptPercent + 13 * a.maskPercent)) < 1e-12)
    }
}

@Suite struct MethodDiagramTests {
    @Test("the method diagram's masks are real top-k masks: 9 of 30 each, later tasks read owned entries, the union grows")
    func masksFollowTheRules() {
        let d = MethodDiagram()
        #expect(d.masks.map(\.popcount) == [9, 9, 9])
        #expect(d.masks[0].intersection(d.ownedBefore[0]).popcount == 0)
        for k in 1..<3 {
            #expect(d.masks[k].intersection(d.ownedBefore[k]).popcount >= 2, "task \(k + 1) reads no owned entry")
            #expect(d.ownedBefore[k] == d.ownedBefore[k - 1].union(d.masks[k - 1]))
        }
        #expect(d.svg().contains("trains 9, reads 0"))
    }

    @Test("mask reuse as a heatmap: one row per task, its shares in percent, blank above the diagonal")
    func reuseHeatmap() {
        let a = PromptMask([true, true, false, false]), b = PromptMask([true, false, true, false])
        let heatmap = MaskReuse(masks: [("one", a), ("two", b)]).heatmap(title: "t")
        #expect(heatmap.rowLabels == ["1. one", "2. two"])
        #expect(heatmap.values[0][0] == 100 && heatmap.values[0][1].isNaN)
        #expect(heatmap.values[1] == [50, 50])
    }
}
