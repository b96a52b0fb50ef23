// Small shared pieces of the hand-written SVG plots: XML escaping, compact fixed-point coordinates,
// and the colour palette. Keeping them in one place keeps every plot's output byte-stable.

/// Public so that a stage can draw a figure of its own (chapter 5's method diagram) in the same style.
public enum SVGText {
    /// Escapes text for an XML element body or a double-quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros: 70, 70.5, 70.25.
    public static func number(_ x: Double) -> String {
        var text = DOTGraph.format(x, digits: 2)
        while text.hasSuffix("0") && text.contains(".") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A `<text>` element; `attributes` is extra raw attribute text such as `font-weight="bold"`.
    public static func label(_ text: String, x: Double, y: Double, anchor: String = "middle",
                      attributes: String = "") -> String {
        let extra = attributes.isEmpty ? "" : " " + attributes
        return "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\"\(extra)>"
            + escape(text) + "</text>"
    }

    /// Rough width of `text` at 12px sans-serif; good enough to size margins without font metrics.
    public static func estimatedWidth(_ text: String) -> Double { Double(text.count) * 7 }

    /// Tableau's ten categorical colours: distinct, and readable on white.
    public static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
}
