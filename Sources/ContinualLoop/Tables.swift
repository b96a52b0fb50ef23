// Markdown tables and figures from finished runs (chapter 6): the accuracy matrix, the miniature
// Table 1 (mean and spread over task orders), and the heatmap of a matrix.

import Diagrams
import Foundation

public enum ContinualTables {
    static func f(_ x: Double?, _ digits: Int = 1) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }

    /// The accuracy matrix as a Markdown table: one row per learned task, one column per task.
    public static func matrix(_ m: AccuracyMatrix) -> String {
        var lines = ["| after \\ on | " + m.tasks.joined(separator: " | ") + " |",
                     "| --- |" + String(repeating: " ---: |", count: m.tasks.count)]
        lines.append("| (before) | " + m.beforeLearning.map { f($0) }.joined(separator: " | ") + " |")
        for (t, row) in m.after.enumerated() {
            lines.append("| \(t + 1). \(m.tasks[t]) | " + row.map { f($0) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The "(before)" row is a_{i−1,i}: task i just before it is learned.
    public static func heatmap(_ m: AccuracyMatrix, title: String) -> Heatmap {
        Heatmap(title: title, rowLabels: m.after.indices.map { "\($0 + 1). \(m.tasks[$0])" }, columnLabels: m.tasks,
                values: m.after.map { $0.map { $0 ?? .nan } }, digits: 0, rowCaption: "after learning", columnCaption: "test F1 on")
    }

    /// Per-method summary over any number of orders: Average, BWT, both FWTs (mean ± spread),
    /// and the accounting columns. `initial` is b_i (backbone F1 per task id), `individual` the
    /// Individual F1 per task id (the paper's FWT reference), when known.
    public static func table1(_ results: [ContinualResult], initial: [String: Double], individual: [String: Double]?) -> String {
        var lines = ["| method | orders | Average | BWT | FWT (paper: vs Individual) | FWT (GEM: vs untrained) | Memory | +Param | Tune Param |",
                     "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        let methods = ContinualMethod.allCases.filter { m in results.contains { $0.method == m } }
        for method in methods {
            let runs = results.filter { $0.method == method }
            func cell(_ xs: [Double]) -> String {
                guard !xs.isEmpty else { return "–" }
                let (m, s) = meanAndSpread(xs)
                return xs.count > 1 ? "\(f(m)) ± \(f(s))" : f(m)
            }
            let averages = runs.map(\.average)
            let matrices = runs.compactMap(\.matrix)
            let bwt = method == .individual ? [] : matrices.map(\.backwardTransfer)
            let fwtPaper: [Double] = individual.map { ind in
                method == .individual ? [] : matrices.compactMap { m in
                    let ref = m.tasks.compactMap { ind[$0] }
                    return ref.count == m.tasks.count ? m.forwardTransferPaper(reference: ref) : nil
                }
            } ?? []
            let fwtGEM: [Double] = method == .individual ? [] : matrices.compactMap { m in
                let b = m.tasks.compactMap { initial[$0] }
                return b.count == m.tasks.count ? m.forwardTransferGEM(initial: b) : nil
            }
            let r = runs[0]
            let n = Double(r.backboneParameters)
            let plus = r.accounting.addedParameters / n * 100, tune = Double(r.accounting.tunedParameters) / n * 100
            lines.append("| \(method.displayName) | \(runs.count) | \(cell(averages)) | \(cell(bwt)) | \(cell(fwtPaper)) | \(cell(fwtGEM)) | "
                         + "\(r.accounting.memoryPerTask) | \(f(plus, 3))% | \(f(tune, 3))% |")
        }
        return lines.joined(separator: "\n")
    }
}
