// The study's tables (Markdown, as every stage prints them) and its two figures: the relative
// transfer heatmap ordered by task type, and the initialisation curves.

import Diagrams
import Foundation
import SEL

extension TransferStudyResult {
    static func f(_ x: Double?, _ digits: Int = 1) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }

    func kind(_ id: String) -> TaskKind { Benchmark.task(id)!.kind }

    /// Each task's prompt: its training and its own test F1 (the matrix diagonal).
    public var promptTable: String {
        var lines = ["| task | type | epochs | best dev F1 | own test F1 |", "| --- | --- | ---: | ---: | ---: |"]
        for id in options.tasksByType {
            let p = prompts.first { $0.task == id }!, i = matrix.tasks.firstIndex(of: id)!
            lines.append("| \(id) | \(kind(id).shortName) | \(p.history.count) | \(Self.f(p.bestDevF1)) | \(Self.f(matrix.f1[i][i])) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Relative transfer in percent, rows = source prompt, columns = target, ordered by type.
    public var matrixTable: String {
        let order = options.tasksByType, index = order.map { matrix.tasks.firstIndex(of: $0)! }
        var lines = ["| source \\ target | " + order.joined(separator: " | ") + " |",
                     "| --- |" + String(repeating: " ---: |", count: order.count)]
        for s in index {
            let cells = index.map { t in Self.f(matrix.relative(source: s, target: t).map { 100 * $0 }, 0) }
            lines.append("| \(matrix.tasks[s]) | " + cells.joined(separator: " | ") + " |")
        }
        let means = matrix.typeMeans(kinds: matrix.tasks.map(kind))
        lines.append("")
        lines.append("Mean relative transfer: same type \(Self.f(100 * means.same))%, other type \(Self.f(100 * means.cross))% (diagonal left out).")
        return lines.joined(separator: "\n")
    }

    /// The curves of sourced starts paired with their random start: (source, target, speed-up).
    var speedUps: [(source: String, target: String, value: Double)] {
        curves.compactMap { curve in
            guard let source = curve.source, let random = curves.first(where: { $0.target == curve.target && $0.start == .random }),
                  let value = curve.speedUp(over: random) else { return nil }
            return (source, curve.target, value)
        }
    }

    /// Spearman's ρ of every indicator with relative transfer (all pairs, and per target) and
    /// with the initialisation speed-up of the sourced starts.
    public var correlationTable: String { correlationTable(rho: spearman) }

    /// The same table with ρ computed by `rho` (the learner's exercise 8.3 under `--mine`).
    public func correlationTable(rho: ([Double], [Double]) throws -> Double?) rethrows -> String {
        let relative = matrix.relativeValues
        var lines = ["| indicator | ρ with relative transfer, all pairs (n) | mean ρ per target (targets) | ρ with init speed-up (n) |",
                     "| --- | ---: | ---: | ---: |"]
        for indicator in Indicator.allCases {
            let c = try indicators.correlation(indicator, with: relative, rho: rho)
            let pairs = speedUps.map { p in
                (indicators.value(indicator, source: matrix.tasks.firstIndex(of: p.source)!, target: matrix.tasks.firstIndex(of: p.target)!), p.value)
            }
            let init_ = try rho(pairs.map(\.0), pairs.map(\.1))
            lines.append("| \(indicator.rawValue) | \(Self.f(c.pooled, 2)) (\(c.pairs)) | \(Self.f(c.perTarget, 2)) (\(c.targets)) | \(Self.f(init_, 2)) (\(pairs.count)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Per target and start: dev F1 at the start and at the end, epochs to 90% of the random
    /// start's final dev F1, and the mean-F1 speed-up over random.
    public var initTable: String {
        var lines = ["| target | start | source | dev F1, epoch 0 | final dev F1 | epochs to 90% of random's final | speed-up over random |",
                     "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
        for curve in curves {
            let random = curves.first { $0.target == curve.target && $0.start == .random }
            let reach = random.flatMap { r in r.devF1.last.flatMap { curve.epochs(toReach: 0.9, of: $0) } }
            let epochs = reach.map(String.init) ?? (random == nil ? "–" : "> \(curve.devF1.count - 1)")
            let speed = random.flatMap { curve.speedUp(over: $0) }
            lines.append("| \(curve.target) | \(curve.start.rawValue) | \(curve.source ?? "–") | \(Self.f(curve.devF1.first)) | \(Self.f(curve.devF1.last)) | \(epochs) | \(Self.f(speed, 2)) |")
        }
        return lines.joined(separator: "\n")
    }

    public var heatmap: Heatmap {
        matrix.heatmap(order: options.tasksByType, title: "Zero-shot prompt transfer: F1 relative to the target's own prompt")
    }

    /// Dev F1 against epochs: one panel per target, one line per start, the starts in the same
    /// order (and so the same colours) in every panel.
    public var curveFigure: String {
        let targets = curves.map(\.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let plots = targets.map { target in
            LinePlot(title: target, xLabel: "epochs", yLabel: "dev F1",
                     series: curves.filter { $0.target == target }.map { curve in
                         .init(name: curve.source.map { "\(curve.start.rawValue): \($0)" } ?? curve.start.rawValue, ys: curve.devF1)
                     })
        }
        return LinePlot.panels(plots, columns: min(3, max(1, plots.count)), title: "Transfer as initialisation: dev F1 after each epoch, from each start")
    }
}
