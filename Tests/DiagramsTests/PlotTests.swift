// Tests for the hand-written SVG plots: nice tick values (including degenerate and empty ranges),
// deterministic output, and NaN-free output when there is nothing to plot.

import Diagrams
import Testing

@Test func linearTicksAreNiceNumbers() {
    #expect(AxisTicks.linear(min: 0, max: 1).labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(AxisTicks.linear(min: 0, max: 97).labels == ["0", "20", "40", "60", "80", "100"])
    #expect(AxisTicks.linear(min: -3.7, max: 12.2).labels == ["-5", "0", "5", "10", "15"])
    #expect(AxisTicks.linear(min: 0.0012, max: 0.0049).labels == ["0.001", "0.002", "0.003", "0.004", "0.005"])
    let ticks = AxisTicks.linear(min: 3, max: 1)  // reversed bounds are accepted
    #expect(ticks.lower == 1 && ticks.upper == 3)
}

@Test func degenerateAndEmptyRangesStillGetTicks() {
    #expect(AxisTicks.linear(min: 2.5, max: 2.5).labels == ["1.5", "2.0", "2.5", "3.0", "3.5"])
    #expect(AxisTicks.linear(min: 0, max: 0).labels == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    #expect(AxisTicks.linear(min: .nan, max: .nan).labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(AxisTicks.logarithmic(min: 1, max: 1).labels == ["1", "2", "5", "10"])
    #expect(AxisTicks.logarithmic(min: -1, max: 0).labels == ["1", "2", "5", "10"])
}

@Test func logTicksArePowersOfTen() {
    #expect(AxisTicks.logarithmic(min: 0.003, max: 2.5).labels == ["0.001", "0.01", "0.1", "1", "10"])
    #expect(AxisTicks.logarithmic(min: 0.5, max: 0.9).labels == ["0.1", "0.2", "0.5", "1"])
    #expect(AxisTicks.logarithmic(min: 1e-9, max: 1e3).labels == ["1e-9", "1e-6", "0.001", "1", "1000"])
}

@Test func linePlotIsDeterministicAndNamesSeries() {
    var plot = LinePlot(title: "Training loss", xLabel: "step", yLabel: "loss")
    plot.add(.init(name: "train <lr=3e-4>", ys: [2.3, 1.7, 1.2, 0.9, 0.85] as [Float]))
    plot.add(.init(name: "valid", xs: [0, 2, 4], ys: [2.4, 1.5, Double.nan]))
    let svg = plot.svg()
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(svg.contains("train &lt;lr=3e-4&gt;"))
    #expect(svg.contains(">valid<"))
    #expect(svg.contains("<polyline"))
    #expect(!svg.lowercased().contains("nan"))
    #expect(svg == plot.svg())

    plot.logY = true
    let logSVG = plot.svg()
    #expect(logSVG.contains(">0.5<") && logSVG.contains(">1<"))
    #expect(!logSVG.lowercased().contains("nan"))
}

@Test func emptySeriesGiveNaNFreeSVG() {
    let empty = LinePlot(title: "F1 vs sparsity", xLabel: "sparsity", yLabel: "F1",
                         series: [.init(name: "none", points: []), .init(name: "blank", ys: [Double.nan])])
    let flat = LinePlot(title: "flat", xLabel: "x", yLabel: "y", series: [.init(name: "const", ys: [0.7, 0.7, 0.7])])
    for plot in [empty, flat, LinePlot(title: "no series", xLabel: "x", yLabel: "y")] {
        let svg = plot.svg()
        #expect(!svg.lowercased().contains("nan"))
        #expect(!svg.contains("inf"))
        #expect(svg.hasSuffix("</svg>\n"))
    }
    #expect(empty.svg().contains(">blank<"))
}

@Test func compactHeatmapDrawsColourOnlyAndLabelsEveryNthColumn() {
    var map = Heatmap(title: "Usage", rowLabels: ["a", "b"], columnLabels: (0..<25).map { String($0) },
                      values: [(0..<25).map { Double($0) }, (0..<25).map { Double(25 - $0) }], digits: 0)
    map.compactLabelEvery = 10
    let svg = map.svg()
    #expect(svg.contains(">0<") && svg.contains(">10<") && svg.contains(">20<"))
    #expect(!svg.contains(">7<") && !svg.contains(">13<"), "only every 10th column is labelled, and no cell prints its value")
    #expect(svg.components(separatedBy: "<rect").count - 1 >= 50)   // one rectangle per cell, and the background
}

@Test func heatmapPrintsValuesAndIsDeterministic() {
    let heatmap = Heatmap(title: "Accuracy", rowLabels: ["after T1", "after T2"], columnLabels: ["T1", "T2"],
                          values: [[0.91, .nan], [0.874, 0.8]], digits: 2,
                          rowCaption: "trained through", columnCaption: "evaluated on")
    let svg = heatmap.svg()
    #expect(svg.contains(">0.91<") && svg.contains(">0.87<") && svg.contains(">0.80<"))
    #expect(svg.contains(">after T2<") && svg.contains(">T2<") && svg.contains(">–<"))
    #expect(!svg.lowercased().contains("nan"))
    #expect(svg == heatmap.svg())
    let blank = Heatmap(title: "empty", rowLabels: [], columnLabels: [], values: []).svg()
    #expect(!blank.lowercased().contains("nan"))
}
