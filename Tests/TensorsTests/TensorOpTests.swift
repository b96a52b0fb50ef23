// Values (not gradients) of broadcasting, reductions, shape ops, softmax and losses.

import Testing
import Foundation
import Tensors

@Suite struct TensorOpTests {
    @Test("broadcast shapes follow NumPy's rules")
    func broadcastShapes() {
        #expect(Broadcast.shape([4, 1, 3], [2, 1]) == [4, 2, 3])
        #expect(Broadcast.shape([3], []) == [3])
        #expect(Broadcast.shape([2, 3], [3, 2]) == nil)
    }

    @Test("broadcasting add and reductions over axes give the right values")
    func broadcastingAndReductions() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let col = Tensor([10, 20], shape: [2, 1])
        #expect((a + col).data == [11, 12, 13, 24, 25, 26])
        #expect(a.sum(axis: 0).data == [5, 7, 9])
        #expect(a.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(a.sum(axis: -1).data == [6, 15])
        #expect(a.mean().item == 3.5)
        // A reduction with keepDims broadcasts back: centering rows.
        let centered = a - a.mean(axis: 1, keepDims: true)
        #expect(centered.data == [-1, 0, 1, -1, 0, 1])
        let cube = Tensor((0..<24).map(Float.init), shape: [2, 3, 4])
        #expect(cube.sum(axes: [0, 2]).data == [60, 92, 124])
    }

    @Test("permute, concat, slice and gather move the right elements")
    func shapeOps() {
        let a = Tensor((0..<6).map(Float.init), shape: [2, 3])
        #expect(a.transposed().data == [0, 3, 1, 4, 2, 5])
        let cube = Tensor((0..<24).map(Float.init), shape: [2, 3, 4])
        let p = cube.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3] && p.data[1] == 4 && p.data[3] == 12)
        #expect(Tensor.concat([a, a], axis: 1).data == [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5])
        #expect(a.slice(axis: 1, 1..<3).data == [1, 2, 4, 5])
        #expect(a.gather([1, 0, 1], indexShape: [3]).data == [3, 4, 5, 0, 1, 2, 3, 4, 5])
        #expect(a.scatterAdd([2, 2], rows: 3).data == [0, 0, 0, 0, 0, 0, 3, 5, 7])
        #expect(a.reshaped([3, -1]).shape == [3, 2])
    }

    @Test("softmax is stable for large logits and rows sum to 1")
    func softmaxStable() {
        let x = Tensor([1000, 1001, 1002, -5, 0, 5], shape: [2, 3])
        let y = x.softmax()
        #expect(y.data.allSatisfy { $0.isFinite })
        #expect(abs(y.data[0..<3].reduce(0, +) - 1) < 1e-6)
        let ls = x.logSoftmax()
        // x - logsumexp(x) subtracts two numbers near 1002, whose Float32 spacing is 6e-5.
        #expect(abs(Foundation.exp(ls.data[2]) - y.data[2]) < 1e-4)
        #expect(abs(Foundation.exp(ls.data[5]) - y.data[5]) < 1e-6)
    }

    @Test("cross-entropy matches -log p and ignores -100")
    func crossEntropyValues() {
        let logits = Tensor([2, 0, 0, 0, 3, 0], shape: [2, 3])
        let loss = logits.crossEntropy(targets: [0, -100])
        let e2 = Foundation.exp(2.0)
        let expected = -Foundation.log(e2 / (e2 + 2))
        #expect(abs(loss.item - Float(expected)) < 1e-6)
        #expect(logits.crossEntropy(targets: [-100, -100]).item == 0)
    }

    @Test("rmsNorm gives unit root mean square; GELU matches its formula")
    func normAndGelu() {
        let x = Tensor([3, 4], shape: [1, 2])
        let y = x.rmsNorm(weight: Tensor.ones([2]), eps: 0)
        #expect(abs(y.data.map { $0 * $0 }.reduce(0, +) / 2 - 1) < 1e-6)
        let g = Tensor([1], shape: [1]).gelu().item
        #expect(abs(g - 0.841192) < 1e-5)
        #expect(Tensor([-1, 2], shape: [2]).relu().data == [0, 2])
    }

    @Test("dropout keeps the expected value and is identity when not training")
    func dropoutBehaviour() {
        var rng = SeededGenerator(seed: 3)
        let x = Tensor.ones([10_000])
        let y = x.dropout(0.25, rng: &rng)
        #expect(abs(y.mean().item - 1) < 0.03)
        #expect(Set(y.data).isSubset(of: [0, Float(1) / 0.75]))
        #expect(x.dropout(0.25, rng: &rng, training: false) === x)
    }
}
