// The portable generator, initializers, optimizers, clipping and schedules.

import Testing
import Foundation
import Tensors

@Suite struct RandomTests {
    @Test("the generator's stream is pinned: same numbers on every machine")
    func goldenStream() {
        var rng = SeededGenerator(seed: 42)
        let first = (0..<3).map { _ in rng.next() }
        #expect(first == RandomTests.golden42)
    }
    // Computed by an independent Python transcription of the published xoshiro256** and SplitMix64.
    static let golden42: [UInt64] = [1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009]

    @Test("portableLog agrees with the C library to the last few bits")
    func portableLog() {
        for x in [1e-300, 1e-5, 0.3, 0.7071, 1, 1.5, 2, 1234.5, 1e300] {
            #expect(abs(SeededGenerator.portableLog(x) - Foundation.log(x)) <= 4e-16 * max(1, abs(Foundation.log(x))))
        }
    }

    @Test("normal and truncated-normal samples have the right moments and range")
    func distributions() {
        var rng = SeededGenerator(seed: 5)
        let n = Tensor.normal([50_000], std: 2, rng: &rng)
        let mean = n.mean().item
        let variance = (n - mean).square().mean().item
        #expect(abs(mean) < 0.05 && abs(variance - 4) < 0.1)
        let t = Tensor.truncatedNormal([10_000], std: 0.5, rng: &rng)
        #expect(t.data.allSatisfy { abs($0) <= 1 })
        let u = Tensor.uniform([10_000], low: -3, high: -1, rng: &rng)
        #expect(u.data.allSatisfy { $0 >= -3 && $0 < -1 })
    }
}

@Suite struct OptimizerTests {
    @Test("SGD with momentum minimizes a quadratic")
    func sgd() {
        let x = Tensor([5, -3], shape: [2], requiresGrad: true)
        let opt = SGD([x], learningRate: 0.1, momentum: 0.9)
        for _ in 0..<200 { opt.zeroGrad(); x.square().sum().backward(); opt.step() }
        #expect(x.data.allSatisfy { abs($0) < 1e-3 })
    }

    @Test("Adam's first step moves each weight by the learning rate against its gradient's sign")
    func adamFirstStep() {
        let x = Tensor([1, -2, 3], shape: [3], requiresGrad: true)
        let opt = Adam([x], learningRate: 0.1)
        (x * Tensor([0.5, 4, -2], shape: [3])).sum().backward()
        opt.step()
        #expect(maxDifference(x.data, [0.9, -2.1, 3.1]) < 1e-5)
    }

    @Test("AdamW decays weights directly; Adam's L2 term goes through the moments")
    func weightDecay() {
        let a = Tensor([2], shape: [1], requiresGrad: true), b = Tensor([2], shape: [1], requiresGrad: true)
        let adamW = AdamW([a], learningRate: 0.1, weightDecay: 0.5)
        let adamL2 = Adam([b], learningRate: 0.1, weightDecay: 0.5)
        a.grad = [0]; b.grad = [0]
        adamW.step(); adamL2.step()
        #expect(abs(a.data[0] - 1.9) < 1e-6)   // 2 - 0.1·0.5·2, no gradient step
        #expect(abs(b.data[0] - 1.9) < 1e-5)   // L2 gradient 1.0 normalized by Adam to a step of 0.1
        adamW.step(); adamL2.step()
        #expect(abs(a.data[0] - 1.805) < 1e-6)
        #expect(b.data[0] != a.data[0])
    }

    @Test("clipping scales the global norm down to the limit and reports the old norm")
    func clipping() {
        let p = Tensor([0, 0], shape: [2], requiresGrad: true), q = Tensor([0], shape: [1], requiresGrad: true)
        p.grad = [3, 0]; q.grad = [4]
        let norm = clipGradientNorm([p, q], maxNorm: 1)
        #expect(norm == 5)
        #expect(maxDifference(p.grad! + q.grad!, [0.6, 0, 0.8]) < 1e-6)
    }

    @Test("linear warm-up then linear decay")
    func schedule() {
        let s = LinearWarmupDecay(peak: 1, warmupSteps: 10, totalSteps: 110)
        #expect(s.rate(atStep: 0) == 0)
        #expect(s.rate(atStep: 5) == 0.5)
        #expect(s.rate(atStep: 10) == 1)
        #expect(s.rate(atStep: 60) == 0.5)
        #expect(s.rate(atStep: 200) == 0)
        #expect(ConstantSchedule(0.3).rate(atStep: 1000) == 0.3)
    }
}
