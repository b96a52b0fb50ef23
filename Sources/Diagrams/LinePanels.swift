// Several line plots side by side in one SVG, for curves that share no axis (chapter 8: one panel
// per target task, whose epochs and scores differ). Each panel is a whole LinePlot SVG nested at
// its place; nested <svg> elements keep their own coordinate systems, so nothing is redrawn.

import Foundation

extension LinePlot {
    /// `plots` in rows of `columns`, under one `title`.
    public static func panels(_ plots: [LinePlot], columns: Int, title: String) -> String {
        precondition(columns >= 1, "panels: at least one column")
        let drawn = plots.map { plot -> (svg: String, width: Double, height: Double) in
            let svg = plot.svg()
            return (svg, attribute("width", in: svg), attribute("height", in: svg))
        }
        let cellWidth = drawn.map(\.width).max() ?? 0, cellHeight = drawn.map(\.height).max() ?? 0
        let rows = (drawn.count + columns - 1) / columns, header = 40.0
        let width = max(cellWidth * Double(min(columns, max(1, drawn.count))), SVGText.estimatedWidth(title) * 16 / 12 + 40)
        let height = header + cellHeight * Double(rows)
        let n = SVGText.number
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\""
                   + " viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">",
                   "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                   SVGText.label(title, x: width / 2, y: 26, attributes: "font-size=\"16\" font-weight=\"bold\"")]
        for (k, panel) in drawn.enumerated() {
            let (x, y) = (cellWidth * Double(k % columns), header + cellHeight * Double(k / columns))
            // The panel's own root element becomes a nested one, placed at (x, y).
            out.append(panel.svg.replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
                                                      with: "<svg x=\"\(n(x))\" y=\"\(n(y))\" ", options: [.anchored]))
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// The number in the first `name="…"` attribute of `svg` (a panel's width or height).
    static func attribute(_ name: String, in svg: String) -> Double {
        guard let start = svg.range(of: " \(name)=\"")?.upperBound, let end = svg[start...].firstIndex(of: "\"") else { return 0 }
        return Double(svg[start..<end]) ?? 0
    }
}
