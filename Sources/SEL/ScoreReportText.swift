// The two printed forms of a ScoreReport (chapter 3): a table for people and a flat JSON object
// with UIE's 60 metric names for scripts. `lpt score` prints one or the other.

import Foundation

extension ScoreReport {
    /// Rows offset/string × the five families; columns tp gold pred P R F1; then the parser counters.
    public func tableText() -> String {
        func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - s.count))
            return left ? s + fill : fill + s
        }
        var lines = [pad("", 20, left: true) + ["tp", "gold", "pred"].map { pad($0, 7) }.joined()
                     + ["P", "R", "F1"].map { pad($0, 9) }.joined()]
        for level in ScoreLevel.allCases {
            for family in ScoreFamily.allCases {
                let c = self[level, family]
                lines.append(pad("\(level.rawValue)-\(family.rawValue)", 20, left: true)
                             + [c.tp, c.gold, c.pred].map { pad(String($0), 7) }.joined()
                             + [c.precision, c.recall, c.f1].map { pad(String(format: "%.2f", $0), 9) }.joined())
            }
        }
        lines.append("parser: well-formed \(parser.wellFormed), fixed \(parser.fixed), ill-formed \(parser.illFormed)")
        return lines.joined(separator: "\n")
    }

    /// A flat JSON object with exactly the 60 metric names, in `metricNames` order, one per line.
    /// Counts are integers; P, R and F1 are percentages with 4 decimals.
    public func jsonText() -> String {
        let values = metrics()
        let body = ScoreReport.metricNames.map { name -> String in
            let v = values[name] ?? 0
            let isCount = name.hasSuffix("-tp") || name.hasSuffix("-gold") || name.hasSuffix("-pred")
            return "  \"\(name)\": " + (isCount ? String(Int(v)) : String(format: "%.4f", v))
        }
        return "{\n" + body.joined(separator: ",\n") + "\n}"
    }
}
