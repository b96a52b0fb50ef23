// Chapter 1 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's own Tensors library is the oracle wherever it can be.

import Foundation
import Testing
import Tensors
#if LPT_SOLUTIONS
import Solutions01
#else
import Exercises01
#endif

@Suite struct Ch01Tests {
    @Test("1.1 sum a gradient back to an operand's shape")
    func ex1_1_reduceToShape() throws {
        let g: [Float] = [1, 2, 3, 4, 5, 6]   // shape [2, 3]
        #expect(try reduceToShape(g, from: [2, 3], to: [3]) == [5, 7, 9])
        #expect(try reduceToShape(g, from: [2, 3], to: [2, 1]) == [6, 15])
        #expect(try reduceToShape(g, from: [2, 3], to: [2, 3]) == g)
        #expect(try reduceToShape(g, from: [2, 3], to: []) == [21])
        // Against the library: the gradient that a broadcast add gives its [3, 1] operand.
        var rng = SeededGenerator(seed: 4)
        let a = Tensor.uniform([2, 3, 4], low: -1, high: 1, rng: &rng)
        let b = Tensor.zeros([3, 1], requiresGrad: true)
        let w = Tensor.uniform([2, 3, 4], low: -1, high: 1, rng: &rng)
        ((a + b) * w).sum().backward()
        let mine = try reduceToShape(w.data, from: [2, 3, 4], to: [3, 1])
        #expect(zip(mine, b.grad!).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test("1.2 softmax backward")
    func ex1_2_softmaxBackward() throws {
        var rng = SeededGenerator(seed: 5)
        let x = Tensor.uniform([3, 4], low: -2, high: 2, rng: &rng, requiresGrad: true)
        let g = Tensor.uniform([3, 4], low: -1, high: 1, rng: &rng)
        let y = x.softmax()
        (y * g).sum().backward()
        let mine = try softmaxBackward(output: y.data, grad: g.data, width: 4)
        #expect(mine.count == 12)
        #expect(zip(mine, x.grad!).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test("1.3 softplus with its gradient passes the gradient check")
    func ex1_3_softplus() throws {
        let x = Tensor([-30, -1, 0, 0.5, 2, 40], shape: [2, 3], requiresGrad: true)
        let y = try softplus(x)
        let expected: [Float] = [0, 0.3132617, 0.6931472, 0.9740770, 2.126928, 40]
        #expect(y.shape == [2, 3])
        #expect(zip(y.data, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "values: \(y.data)")
        var failure: Error?
        let result = GradientCheck.check([x]) {
            do { return try softplus(x).sum() } catch { failure = error; return Tensor(scalar: 0) }
        }
        if let failure { throw failure }
        #expect(result.passes() && result.maxAnalytic > 0.5, "max relative error \(result.maxRelativeError)")
    }

    @Test("1.4 one Adam step matches the library's Adam")
    func ex1_4_adamStep() throws {
        let p = Tensor([0.5, -1, 2], shape: [3], requiresGrad: true)
        let reference = Adam([p], learningRate: 0.01)
        var weights = p.data, m = [Float](repeating: 0, count: 3), v = m
        for step in 1...3 {
            let grads: [Float] = [0.1 * Float(step), -2, 0.5]
            p.grad = grads
            reference.step()
            try adamStep(weights: &weights, grads: grads, m: &m, v: &v, step: step, learningRate: 0.01)
            #expect(zip(weights, p.data).allSatisfy { abs($0 - $1) < 1e-6 }, "step \(step): \(weights) vs \(p.data)")
        }
    }

    @Test("1.5 the backward order visits results before their inputs")
    func ex1_5_reverseTopologicalOrder() throws {
        let x = Tensor([1, 2], shape: [2], requiresGrad: true, name: "x")
        let h = x * x                     // x used twice
        let loss = (h + x).sum()          // and once more
        let order = try reverseTopologicalOrder(loss)
        #expect(order.count == 4)         // loss, h + x, h, x — each once
        #expect(order.first === loss)
        var position: [ObjectIdentifier: Int] = [:]
        for (i, t) in order.enumerated() { position[ObjectIdentifier(t)] = i }
        #expect(position.count == order.count, "a tensor appears twice")
        for t in order {
            for input in t.graphInputs {
                #expect(position[ObjectIdentifier(t)]! < position[ObjectIdentifier(input)]!)
            }
        }
    }
}
