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

    @Test("1.2 log-softmax backward from its output")
    func ex1_2_logSoftmaxBackward() throws {
        var rng = SeededGenerator(seed: 5)
        let x = Tensor.uniform([3, 5], low: -3, high: 3, rng: &rng, requiresGrad: true)
        let g = Tensor.uniform([3, 5], low: -1, high: 1, rng: &rng)
        let y = x.softmax().log()
        (y * g).sum().backward()
        let mine = try logSoftmaxBackward(output: y.data, grad: g.data, width: 5)
        #expect(mine.count == 15)
        #expect(zip(mine, x.grad!).allSatisfy { abs($0 - $1) < 1e-5 }, "\(mine) vs \(x.grad!)")
        // A row holding one near-certain entry and very unlikely ones: still finite, and the
        // gradient of a loss that only reads the likely entry is g·(1 − p) there, −g·p elsewhere.
        let peaked = try logSoftmaxBackward(output: [0, -80, -90], grad: [1, 0, 0], width: 3)
        #expect(peaked.allSatisfy(\.isFinite) && abs(peaked[0]) < 1e-6 && abs(peaked[1]) < 1e-6)
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

    @Test("1.4 clipping by the global norm matches the library")
    func ex1_4_clipByGlobalNorm() throws {
        let grads: [[Float]] = [[3, 0], [0, 4, 0], [12]]    // global norm 13
        let params = grads.map { g -> Tensor in let t = Tensor(g, shape: [g.count], requiresGrad: true); t.grad = g; return t }
        let reference = clipGradientNorm(params, maxNorm: 6.5)
        let (clipped, norm) = try clipByGlobalNorm(grads, maxNorm: 6.5)
        #expect(abs(norm - 13) < 1e-6 && abs(reference - norm) < 1e-6)
        #expect(clipped.map(\.count) == [2, 3, 1])
        for (mine, p) in zip(clipped, params) { #expect(zip(mine, p.grad!).allSatisfy { abs($0 - $1) < 1e-6 }, "\(mine)") }
        // Under the limit nothing changes; zero and empty gradients are not an error.
        let (same, small) = try clipByGlobalNorm(grads, maxNorm: 20)
        #expect(same == grads && abs(small - 13) < 1e-6)
        let (zeros, zeroNorm) = try clipByGlobalNorm([[0, 0], []], maxNorm: 1)
        #expect(zeros == [[0, 0], []] && zeroNorm == 0)
        #expect(try clipByGlobalNorm([], maxNorm: 1).norm == 0)
    }

    @Test("1.5 the backward schedule keeps only the tensors that lead to a target")
    func ex1_5_backwardSchedule() throws {
        let a = Tensor([1, 2], shape: [2], requiresGrad: true, name: "a")
        let b = Tensor([0.5, -1], shape: [2], requiresGrad: true, name: "b")
        let u = a * a, v = b.tanh()
        let w = u + v
        let loss = w.sum()
        func ids(_ ts: [Tensor]) -> Set<ObjectIdentifier> { Set(ts.map(ObjectIdentifier.init)) }
        func checkOrder(_ order: [Tensor]) {
            var position: [ObjectIdentifier: Int] = [:]
            for (i, t) in order.enumerated() { position[ObjectIdentifier(t)] = i }
            #expect(position.count == order.count, "a tensor appears twice")
            #expect(order.first === loss)
            for t in order { for input in t.graphInputs {
                if let p = position[ObjectIdentifier(input)] { #expect(position[ObjectIdentifier(t)]! < p) }
            } }
        }
        let onlyA = try backwardSchedule(loss, toward: [a])
        #expect(ids(onlyA) == ids([loss, w, u, a]), "\(onlyA.map { $0.name ?? $0.op })")
        checkOrder(onlyA)
        let both = try backwardSchedule(loss, toward: [a, b])
        #expect(ids(both) == ids([loss, w, u, v, a, b]))
        checkOrder(both)
        #expect(try backwardSchedule(loss, toward: []).isEmpty)
        #expect(try backwardSchedule(loss, toward: [Tensor([1], shape: [1], requiresGrad: true)]).isEmpty)
        // A value reached along three paths (x·x + x) appears once.
        let x = Tensor([1, 2], shape: [2], requiresGrad: true)
        let shared = (x * x + x).sum()
        let order = try backwardSchedule(shared, toward: [x])
        #expect(order.count == 4 && order.first === shared && order.last === x)
    }
}
