// Every differentiable op's gradient against central differences.
// Tolerance: max |analytic - numeric| / max(1, |analytic|, |numeric|) ≤ 5e-3 with ε = 1e-2 in
// Float32 (the round-off of a Float32 loss of size ~1, divided by 2ε, is ~1e-5; truncation ~1e-4).

import Testing
import Tensors

@Suite struct GradientTests {
    static let requiredOps = ["add", "sub", "mul", "div", "exp", "log", "sqrt", "tanh", "sigmoid", "square",
                              "relu", "gelu", "sum", "mean", "reshape", "permute", "transpose", "concat",
                              "slice", "gather", "scatterAdd", "matmul", "batched matmul", "softmax",
                              "logSoftmax", "crossEntropy", "rmsNorm", "dropout", "value used twice"]

    @Test("the catalogue covers every differentiable op")
    func catalogueCoversEveryOp() {
        let names = GradientCheck.operationCases().map(\.name)
        for op in Self.requiredOps {
            #expect(names.contains { $0.hasPrefix(op) }, "no gradient case for \(op)")
        }
    }

    @Test("each op's gradient matches central differences", arguments: 0..<GradientCheck.operationCases().count)
    func opGradient(index: Int) {
        let opCase = GradientCheck.operationCases()[index]
        let result = GradientCheck.check(opCase.inputs, opCase.loss)
        #expect(result.checked == opCase.inputs.reduce(0) { $0 + $1.count })
        #expect(result.maxAnalytic > 1e-3, "\(opCase.name): gradient is all zero, check proves nothing")
        #expect(result.passes(), "\(opCase.name): max relative error \(result.maxRelativeError)")
    }

    @Test("the checker rejects a wrong gradient")
    func checkerCatchesWrongGradient() {
        let x = Tensor([0.5, -1.0, 2.0], shape: [3], requiresGrad: true)
        // y = x² but with a backward that claims dy/dx = x (missing the factor 2).
        let wrongSquare = {
            Tensor(result: x.data.map { $0 * $0 }, shape: [3], op: "bad", inputs: [x]) { g in
                x.accumulateGrad(zip(g, x.data).map { $0 * $1 })
            }.sum()
        }
        let result = GradientCheck.check([x], wrongSquare)
        #expect(!result.passes())
        #expect(result.maxAbsoluteError > 0.4)
        // …and accepts the right one.
        #expect(GradientCheck.check([x]) { x.square().sum() }.passes())
    }
}
