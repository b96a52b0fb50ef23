// Heatmap: a labelled matrix drawn as coloured SVG cells with each value printed in its cell,
// e.g. the accuracy matrix (row = after training task i, column = evaluated on task j).

/// A matrix of values shown as a colour-scaled grid, written as SVG by ``svg()``.
public struct Heatmap: Hashable, Sendable {
    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `values[row][column]`; missing or non-finite entries are drawn grey and printed as "–".
    public var values: [[Double]]
    /// Decimals printed in each cell.
    public var digits: Int
    /// Axis captions, e.g. "trained through task" and "evaluated on task".
    public var rowCaption: String
    public var columnCaption: String
    /// Optional short text under a cell's value (`annotations[row][column]`, e.g. which
    /// selectors picked that cell); empty strings and missing rows draw nothing.
    public var annotations: [[String]] = []
    /// For wide matrices where colour carries the message (a task × 120-slot usage map): narrow
    /// cells without printed values, and only every `compactLabelEvery`-th column labelled. Nil
    /// draws the usual grid.
    public var compactLabelEvery: Int?

    public init(title: String, rowLabels: [String], columnLabels: [String], values: [[Double]],
                digits: Int = 2, rowCaption: String = "", columnCaption: String = "") {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.digits = digits
        self.rowCaption = rowCaption
        self.columnCaption = columnCaption
    }

    /// The grid, its labels and a colour bar from the smallest to the largest finite value.
    public func svg() -> String {
        let n = SVGText.number
        let finite = values.joined().filter(\.isFinite)
        let (lo, hi) = (finite.min() ?? 0, finite.max() ?? 1)
        let compact = compactLabelEvery.map { max($0, 1) }
        let cellWidth = compact == nil ? max(56, (columnLabels.map(SVGText.estimatedWidth).max() ?? 0) + 12) : 9
        let cellHeight = compact == nil ? 30.0 : 22
        let left = 30 + (rowLabels.map(SVGText.estimatedWidth).max() ?? 0) + 10
        let top = 70.0
        let rows = max(rowLabels.count, values.count)
        let columns = max(columnLabels.count, values.map(\.count).max() ?? 0)
        let gridRight = left + Double(columns) * cellWidth
        let gridBottom = top + Double(rows) * cellHeight
        let width = max(gridRight + 90, SVGText.estimatedWidth(title) * 15 / 12 + 40)   // never clip the title
        let height = max(gridBottom, top + 150) + 40

        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\""
                + " viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            SVGText.label(title, x: width / 2, y: 24, attributes: "font-size=\"15\" font-weight=\"bold\""),
            SVGText.label(columnCaption, x: (left + gridRight) / 2, y: 44),
        ]
        let captionY = (top + gridBottom) / 2
        out.append(SVGText.label(rowCaption, x: 14, y: captionY,
                                 attributes: "transform=\"rotate(-90 14 \(n(captionY)))\""))
        for (j, label) in columnLabels.enumerated() where compact.map({ j % $0 == 0 }) ?? true {
            out.append(SVGText.label(label, x: left + (Double(j) + 0.5) * cellWidth, y: top - 8))
        }
        for i in 0..<rows {
            let y = top + Double(i) * cellHeight
            if i < rowLabels.count { out.append(SVGText.label(rowLabels[i], x: left - 8, y: y + cellHeight * 0.63, anchor: "end")) }
            for j in 0..<columns {
                let value = i < values.count && j < values[i].count ? values[i][j] : .nan
                let t = hi > lo ? (value - lo) / (hi - lo) : 0.5
                let fill = value.isFinite ? Self.colour(t) : "#dddddd"
                let x = left + Double(j) * cellWidth
                out.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cellWidth))\" height=\"\(n(cellHeight))\""
                    + " fill=\"\(fill)\" stroke=\"white\"/>")
                if compact != nil { continue }   // colour only
                let text = value.isFinite ? DOTGraph.format(value, digits: digits) : "–"
                let ink = value.isFinite && t > 0.55 ? "white" : "black"
                let note = i < annotations.count && j < annotations[i].count ? annotations[i][j] : ""
                out.append(SVGText.label(text, x: x + cellWidth / 2, y: y + (note.isEmpty ? 19 : 13), attributes: "fill=\"\(ink)\""))
                if !note.isEmpty {
                    out.append(SVGText.label(note, x: x + cellWidth / 2, y: y + 26,
                                             attributes: "fill=\"\(ink)\" font-size=\"9\" font-weight=\"bold\""))
                }
            }
        }
        // Colour bar: top is the maximum, as on a chart axis.
        let barX = gridRight + 20
        out.append("<defs><linearGradient id=\"heatmap-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
            + "<stop offset=\"0\" stop-color=\"\(Self.colour(0))\"/>"
            + "<stop offset=\"1\" stop-color=\"\(Self.colour(1))\"/>"
            + "</linearGradient></defs>")
        out.append("<rect x=\"\(n(barX))\" y=\"\(n(top))\" width=\"14\" height=\"150\" fill=\"url(#heatmap-scale)\""
            + " stroke=\"#333333\"/>")
        out.append(SVGText.label(DOTGraph.format(hi, digits: digits), x: barX + 20, y: top + 10, anchor: "start"))
        out.append(SVGText.label(DOTGraph.format(lo, digits: digits), x: barX + 20, y: top + 150, anchor: "start"))
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// Linear blend from near-white to dark blue; `t` in 0...1 (clamped).
    static func colour(_ t: Double) -> String {
        let t = min(max(t, 0), 1)
        let (from, to) = ((247.0, 251.0, 255.0), (8.0, 48.0, 107.0))
        let channels = [from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t, from.2 + (to.2 - from.2) * t]
        return "#" + channels.map { channel in
            let byte = Int(channel.rounded())
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
