// Graph mechanics: accumulation for values used twice, frozen parameters, no-grad mode.

import Testing
import Tensors
import Foundation

@Suite struct AutogradTests {
    @Test("a value used twice receives the sum of both gradients")
    func valueUsedTwice() {
        let x = Tensor([1, 2, 3], shape: [3], requiresGrad: true)
        let y = (x * x + x).sum()   // dy/dx = 2x + 1
        y.backward()
        #expect(x.grad == [3, 5, 7])
        let z = Tensor([2], shape: [1], requiresGrad: true)
        let w = z * z * z           // z used three times in one product chain: 3z² = 12
        w.sum().backward()
        #expect(z.grad == [12])
    }

    @Test("frozen parameters get no gradient and keep no graph")
    func frozenParameters() {
        let w = Tensor([1, 2, 3, 4], shape: [2, 2], requiresGrad: true)
        let prompt = Tensor([0.5, -0.5], shape: [1, 2], requiresGrad: true)
        w.requiresGrad = false
        let loss = prompt.matmul(w).sum()
        loss.backward()
        #expect(w.grad == nil)
        #expect(prompt.grad == [3, 7])   // row sums of w
        // When nothing requires a gradient, results keep no inputs at all.
        let frozenOnly = Tensor([1, 2], shape: [1, 2]).matmul(w)
        #expect(!frozenOnly.requiresGrad)
        #expect(frozenOnly.graphInputs.isEmpty)
    }

    @Test("no-grad mode records nothing")
    func noGradMode() {
        let x = Tensor([1, 2], shape: [2], requiresGrad: true)
        let y = withNoGrad { (x * x).sum() }
        #expect(!y.requiresGrad)
        #expect(y.graphInputs.isEmpty)
        #expect(y.item == 5)
        let z = (x * x).sum()   // and grad mode is back afterwards
        #expect(z.requiresGrad)
    }

    @Test("backward through a deep chain does not overflow the stack")
    func deepChain() {
        let x = Tensor([1], shape: [1], requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        y.sum().backward()
        #expect(abs(x.grad![0] - Float(pow(1.0001, 20_000.0))) < 1e-2)
    }

    @Test("gradients accumulate across backward calls until cleared")
    func accumulationAcrossCalls() {
        let x = Tensor([2], shape: [1], requiresGrad: true)
        (x * 3).sum().backward()
        (x * 3).sum().backward()
        #expect(x.grad == [6])
        x.zeroGrad()
        #expect(x.grad == nil)
    }
}

@Suite struct RepeatedBackwardTests {
    @Test("calling backward twice on one graph adds the leaf gradient twice")
    func backwardTwice() {
        let x = Tensor([3], shape: [1], requiresGrad: true)
        let loss = (x * x).sum()   // d/dx = 2x = 6
        loss.backward()
        loss.backward()
        #expect(x.grad == [12])
    }

    @Test("the gradient checker leaves a frozen input frozen")
    func checkerRestoresFrozen() {
        let w = Tensor([1, 2], shape: [2])
        _ = GradientCheck.check([w]) { w.square().sum() }
        #expect(!w.requiresGrad)
    }
}
