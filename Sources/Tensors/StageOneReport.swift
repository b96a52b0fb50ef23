// The text that stage 1 prints (stage01-tensors and `lpt run`): a broadcasting and backward demo,
// the gradient-check table and the toy training log. Kept here so tests can reach it.

import Foundation

public enum StageOneReport {
    /// A small worked example of broadcasting and of gradients flowing back through it.
    public static func demo() -> String {
        var out: [String] = []
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], requiresGrad: true, name: "a")
        let b = Tensor([10, 20, 30], shape: [3], requiresGrad: true, name: "b")
        let c = a * b + a      // b broadcasts over a's rows; a is used twice
        let loss = c.sum()
        loss.backward()
        out.append("a = \(format(a.data)) shape \(a.shape)")
        out.append("b = \(format(b.data)) shape \(b.shape)  (broadcast over a's 2 rows)")
        out.append("c = a*b + a = \(format(c.data)) shape \(c.shape)")
        out.append("loss = sum(c) = \(format([loss.item]))")
        out.append("d loss/d a = b + 1 = \(format(a.grad!))")
        out.append("d loss/d b = column sums of a = \(format(b.grad!))")
        let neuron = chapterOneExampleGraph()
        out.append("neuron loss = (tanh(x·w + b) - 0.5)² = \(String(format: "%.6f", neuron.item))")
        for t in neuron.graphNodes() where t.op == "leaf" && t.requiresGrad {
            out.append("  grad \(t.name ?? "?") = \(format(t.grad ?? []))")
        }
        return out.joined(separator: "\n")
    }

    /// One row per operation: elements checked, max absolute and relative error, verdict.
    public static func gradientCheckTable(seed: UInt64 = 7) -> (text: String, allPassed: Bool) {
        var lines = ["operation                           elements  max abs err  max rel err  result",
                     String(repeating: "-", count: 82)]
        var allPassed = true
        for opCase in GradientCheck.operationCases(seed: seed) {
            let r = GradientCheck.check(opCase.inputs, opCase.loss)
            let ok = r.passes() && r.maxAnalytic > 0
            allPassed = allPassed && ok
            lines.append(opCase.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                         + String(format: "%8d  %11.1e  %11.1e  %@", r.checked, r.maxAbsoluteError,
                                  r.maxRelativeError, ok ? "ok" : "FAIL"))
        }
        lines.append("tolerance: relative error ≤ \(GradientCheck.defaultTolerance) with ε = \(GradientCheck.defaultEpsilon) (Float32)")
        return (lines.joined(separator: "\n"), allPassed)
    }

    /// The toy problem's loss curve as a table plus a one-line sparkline.
    public static func trainingLog(_ records: [TrainingRecord]) -> String {
        var lines = [" step    loss  accuracy"]
        for r in records {
            lines.append(String(format: "%5d  %6.4f  %7.1f%%", r.step, r.loss, 100 * r.accuracy))
        }
        lines.append("loss curve: " + sparkline(records.map(\.loss)))
        return lines.joined(separator: "\n")
    }

    /// ▁▂▃▄▅▆▇█ bars scaled between the series' minimum and maximum.
    public static func sparkline(_ values: [Float]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(values.map { v in bars[hi > lo ? Int((v - lo) / (hi - lo) * 7 + 0.5) : 0] })
    }

    static func format(_ values: [Float]) -> String {
        "[" + values.map { String(format: "%g", Double($0)) }.joined(separator: ", ") + "]"
    }
}
