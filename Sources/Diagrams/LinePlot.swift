// LinePlot: a self-contained SVG line chart (training-loss curves, F1 against sparsity) written by hand,
// so it needs no Graphviz and the same data always gives the same bytes.

/// A line chart with one or more named series, written as SVG by ``svg()``.
public struct LinePlot: Hashable, Sendable {
    /// One (x, y) sample.
    public struct Point: Hashable, Sendable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    /// A named line. Non-finite points (and non-positive ones on a log axis) leave a gap.
    public struct Series: Hashable, Sendable {
        public var name: String
        public var points: [Point]

        public init(name: String, points: [Point]) { self.name = name; self.points = points }

        /// Pairs `xs[i]` with `ys[i]`; extra elements of the longer array are ignored.
        public init<T: BinaryFloatingPoint>(name: String, xs: [T], ys: [T]) {
            self.init(name: name, points: zip(xs, ys).map { Point(x: Double($0), y: Double($1)) })
        }

        /// Plots `ys` against their index 0, 1, 2, … (one value per training step).
        public init<T: BinaryFloatingPoint>(name: String, ys: [T]) {
            self.init(name: name, points: ys.enumerated().map { Point(x: Double($0.offset), y: Double($0.element)) })
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Plot y on a log10 axis (loss curves that span decades).
    public var logY: Bool
    public var width: Double = 640
    public var height: Double = 400
    /// A dot on every point, for plots of a few measured points (one per run) rather than curves.
    public var markers = false

    public init(title: String, xLabel: String, yLabel: String, series: [Series] = [], logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
    }

    /// Appends a series; colours follow insertion order.
    public mutating func add(_ newSeries: Series) { series.append(newSeries) }

    /// The chart as a standalone SVG document (axes, ~5 ticks per axis, legend, one polyline per run).
    public func svg() -> String {
        // A title wider than the chart widens the chart instead of being clipped (titles are 15 px, labels 12).
        let width = max(self.width, SVGText.estimatedWidth(title) * 15 / 12 + 40)
        let drawable = series.map { $0.points.filter(isDrawable) }
        let all = drawable.joined()
        let xTicks = AxisTicks.linear(min: all.map(\.x).min() ?? 0, max: all.map(\.x).max() ?? 1)
        let yMin = all.map(\.y).min(), yMax = all.map(\.y).max()
        let yTicks = logY ? AxisTicks.logarithmic(min: yMin ?? 1, max: yMax ?? 10)
                          : AxisTicks.linear(min: yMin ?? 0, max: yMax ?? 1)

        let legendWidth = series.isEmpty ? 0 : 40 + (series.map { SVGText.estimatedWidth($0.name) }.max() ?? 0)
        let left = 24 + (yTicks.labels.map(SVGText.estimatedWidth).max() ?? 0) + 20
        let (top, bottom, right) = (40.0, height - 50, width - 20 - legendWidth)
        let px = { (x: Double) in left + xTicks.fraction(x) * (right - left) }
        let py = { (y: Double) in bottom - yTicks.fraction(y) * (bottom - top) }
        let n = SVGText.number

        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\""
                + " viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            SVGText.label(title, x: width / 2, y: 24, attributes: "font-size=\"15\" font-weight=\"bold\""),
        ]
        // Grid lines and tick labels.
        let line = { (x1: Double, y1: Double, x2: Double, y2: Double) in
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>"
        }
        out.append("<g stroke=\"#e0e0e0\" stroke-width=\"1\">")
        for x in xTicks.values { out.append(line(px(x), top, px(x), bottom)) }
        for y in yTicks.values { out.append(line(left, py(y), right, py(y))) }
        out.append("</g>")
        for (x, label) in zip(xTicks.values, xTicks.labels) {
            out.append(SVGText.label(label, x: px(x), y: bottom + 16))
        }
        for (y, label) in zip(yTicks.values, yTicks.labels) {
            out.append(SVGText.label(label, x: left - 6, y: py(y) + 4, anchor: "end"))
        }
        out.append("<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(right - left))\""
            + " height=\"\(n(bottom - top))\" fill=\"none\" stroke=\"#333333\"/>")
        out.append(SVGText.label(xLabel, x: (left + right) / 2, y: height - 14))
        out.append(SVGText.label(yLabel, x: 16, y: (top + bottom) / 2,
                                 attributes: "transform=\"rotate(-90 16 \(n((top + bottom) / 2)))\""))

        // One polyline per unbroken run; a lone point gets a dot so it stays visible.
        for (index, line) in series.enumerated() {
            let colour = SVGText.palette[index % SVGText.palette.count]
            out.append("<g fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\">")
            for run in runs(of: line.points) {
                let coords = run.map { "\(n(px($0.x))),\(n(py($0.y)))" }
                if run.count > 1 { out.append("<polyline points=\"\(coords.joined(separator: " "))\"/>") }
                if run.count == 1 || markers {
                    for p in run {
                        out.append("<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"\(markers ? 4 : 2)\" fill=\"\(colour)\"/>")
                    }
                }
            }
            out.append("</g>")
            let ly = top + 10 + Double(index) * 18
            out.append("<line x1=\"\(n(right + 12))\" y1=\"\(n(ly))\" x2=\"\(n(right + 32))\" y2=\"\(n(ly))\""
                + " stroke=\"\(colour)\" stroke-width=\"2\"/>")
            out.append(SVGText.label(line.name, x: right + 38, y: ly + 4, anchor: "start"))
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private func isDrawable(_ p: Point) -> Bool {
        p.x.isFinite && p.y.isFinite && (!logY || p.y > 0)
    }

    /// Splits points at undrawable ones, so a NaN loss shows as a gap instead of a wild line.
    private func runs(of points: [Point]) -> [[Point]] {
        points.split(whereSeparator: { !isDrawable($0) }).map(Array.init)
    }
}
