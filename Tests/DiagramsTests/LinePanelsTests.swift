// LinePlot.panels: every panel nested once at its own place, the whole as large as its grid.

import Diagrams
import Testing

@Suite struct LinePanelsTests {
    @Test func panelsAreNestedOnAGrid() {
        let plots = (0..<5).map { k in
            LinePlot(title: "panel \(k)", xLabel: "x", yLabel: "y", series: [.init(name: "s", ys: [0.0, Double(k), 1])])
        }
        let svg = LinePlot.panels(plots, columns: 3, title: "five panels")
        #expect(svg.components(separatedBy: "<svg ").count - 1 == 6)          // the root and five panels
        #expect(svg.components(separatedBy: "</svg>").count - 1 == 6)
        #expect(svg.hasPrefix("<svg xmlns="))
        // Two rows of 640 × 400 panels (three, then two) under a 40-pixel header.
        #expect(svg.contains("width=\"1920\" height=\"840\""))
        #expect(svg.contains("<svg x=\"1280\" y=\"40\" "))
        #expect(svg.contains("<svg x=\"640\" y=\"440\" "))
        #expect(svg.contains("panel 4") && svg.contains("five panels"))
    }
}
