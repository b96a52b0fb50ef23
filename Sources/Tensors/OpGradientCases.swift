// The catalogue of differentiable operations with small inputs for gradient checking.
// Shared by the test suite and by `stage01-tensors --gradcheck`, which prints the table that
// chapter 1 shows. Inputs stay away from kinks (relu at 0) and poles (log, sqrt, division at 0).

/// One differentiable operation, set up for a gradient check.
public struct OpGradientCase {
    public let name: String
    /// The tensors to differentiate with respect to.
    public let inputs: [Tensor]
    /// Rebuilds the scalar loss from the inputs' current data.
    public let loss: () -> Tensor
}

extension GradientCheck {
    /// Every differentiable operation of stage 1, each on small random inputs from `seed`.
    /// A non-scalar result y is reduced to Σ y·w with fixed random weights w, so that every
    /// output element's gradient matters and differs.
    public static func operationCases(seed: UInt64 = 7) -> [OpGradientCase] {
        var rng = SeededGenerator(seed: seed)
        func input(_ shape: [Int], _ low: Float = -1, _ high: Float = 1) -> Tensor {
            Tensor.uniform(shape, low: low, high: high, rng: &rng, requiresGrad: true)
        }
        /// Inputs in ±[0.1, 1]: no element near a kink at 0.
        func awayFromZero(_ shape: [Int]) -> Tensor {
            let t = input(shape, 0.1, 1)
            for i in 0..<t.count where rng.nextUniform() < 0.5 { t.data[i] = -t.data[i] }
            return t
        }
        var cases: [OpGradientCase] = []
        func add(_ name: String, _ inputs: [Tensor], _ f: @escaping () -> Tensor) {
            let probe = withNoGrad { f() }
            let weights = Tensor.uniform(probe.shape, low: -1, high: 1, rng: &rng)
            cases.append(OpGradientCase(name: name, inputs: inputs,
                                        loss: probe.count == 1 ? f : { (f() * weights).sum() }))
        }
        let a = input([2, 3, 4]), b = input([3, 1]), c = input([4]), d = input([2, 3])
        let denominator = input([2, 1], 0.5, 2), e = input([3])
        add("add (broadcast [2,3,4]+[3,1])", [a, b]) { a + b }
        add("sub (broadcast [2,3]-[3])", [d, e]) { d - e }
        add("mul (broadcast [2,3,4]*[4])", [a, c]) { a * c }
        add("div (broadcast [2,3]/[2,1])", [d, denominator]) { d / denominator }
        let x = input([2, 3]), px = input([2, 3], 0.5, 2), kx = awayFromZero([2, 3])
        add("exp", [x]) { x.exp() }
        add("log", [px]) { px.log() }
        add("sqrt", [px]) { px.sqrt() }
        add("tanh", [x]) { x.tanh() }
        add("sigmoid", [x]) { x.sigmoid() }
        add("square", [x]) { x.square() }
        add("relu", [kx]) { kx.relu() }
        add("gelu (tanh)", [x]) { x.gelu() }
        add("value used twice (x*x + x)", [x]) { x * x + x }
        add("sum over axes [0,2]", [a]) { a.sum(axes: [0, 2]) }
        add("mean over axis 1 (keepDims)", [a]) { a.mean(axis: 1, keepDims: true) }
        add("reshape", [a]) { a.reshaped([6, 4]) }
        add("permute [2,0,1]", [a]) { a.permuted([2, 0, 1]) }
        add("transpose", [a]) { a.transposed() }
        let f = input([2, 2, 4])
        add("concat axis 1", [a, f]) { Tensor.concat([a, f], axis: 1) }
        add("slice axis 1 [1,3)", [a]) { a.slice(axis: 1, 1..<3) }
        let table = input([5, 3])
        add("gather (repeated index)", [table]) { table.gather([0, 2, 2, 4], indexShape: [2, 2]) }
        let rows = input([4, 3])
        add("scatterAdd (repeated index)", [rows]) { rows.scatterAdd([1, 3, 1, 0], rows: 5) }
        let m = input([3, 4]), n = input([4, 5]), nt = input([5, 4]), mt = input([4, 3])
        add("matmul [3,4]·[4,5]", [m, n]) { m.matmul(n) }
        add("matmul Aᵀ·Bᵀ", [mt, nt]) { mt.matmul(nt, transposeSelf: true, transposeOther: true) }
        let ba = input([2, 3, 4]), bb = input([2, 4, 5]), bt = input([2, 4, 3])
        add("batched matmul", [ba, bb]) { ba.matmul(bb) }
        add("batched matmul Aᵀ", [bt, bb]) { bt.matmul(bb, transposeSelf: true) }
        add("matmul with shared [4,5]", [ba, n]) { ba.matmul(n) }
        add("matmul with shared Bᵀ", [ba, nt]) { ba.matmul(nt, transposeOther: true) }
        let logits = input([4, 5], -2, 2)
        add("softmax", [logits]) { logits.softmax() }
        add("logSoftmax", [logits]) { logits.logSoftmax() }
        add("crossEntropy (ignore -100)", [logits]) { logits.crossEntropy(targets: [1, -100, 4, 0]) }
        let w = input([4], 0.5, 1.5)
        add("rmsNorm (x and weight)", [a, w]) { a.rmsNorm(weight: w) }
        add("dropout p=0.3 (fixed mask)", [x]) {
            var maskRNG = SeededGenerator(seed: 99)  // same mask on every evaluation
            return x.dropout(0.3, rng: &maskRNG)
        }
        return cases
    }
}
