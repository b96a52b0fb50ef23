// Tests for in-process libgvc rendering: SVG and PNG output, typed errors for bad DOT and missing
// plugins, parallel callers (Graphviz is not thread-safe), and atomic figure files.

import Diagrams
import Foundation
import Testing

private let sampleDOT = #"digraph "t" { "alpha" [label="Alpha"]; "beta" [label="Beta"]; "alpha" -> "beta"; }"#

@Test func rendersSVGContainingNodeLabels() throws {
    let svg = try GraphvizRenderer().renderSVG(dot: sampleDOT)
    #expect(svg.contains("<svg"))
    #expect(svg.contains(">Alpha<"))
    #expect(svg.contains(">Beta<"))
}

@Test func escapedLabelsSurviveGraphviz() throws {
    var graph = DOTGraph(name: "esc", nodeDefaults: ["shape": "record"])
    graph.addNode("r", ["label": DOTGraph.recordLabel(["a|b{c}", #"back\slash"#])])
    graph.addNode("q", ["label": #"say "hi""#])
    let svg = try GraphvizRenderer().renderSVG(dot: graph.render())
    #expect(svg.contains(">a|b{c}<"))
    #expect(svg.contains(#">back\slash<"#))
    #expect(svg.contains(">say &quot;hi&quot;<"))
}

@Test func rendersPNGWithSignature() throws {
    let png = try GraphvizRenderer().render(dot: sampleDOT, format: .png)
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
}

@Test func malformedDOTThrowsSyntaxError() throws {
    let renderer = GraphvizRenderer()
    // Trailing newlines left in Graphviz's lexer must not shift the next error's line number.
    _ = try renderer.render(dot: "digraph {\n  a -> b;\n}\n\n\n", format: .svg)
    do {
        _ = try renderer.render(dot: "digraph { a -> -> }", format: .svg)
        Issue.record("expected a syntax error")
    } catch {
        guard case .syntax(let message) = error else { Issue.record("wrong error: \(error)"); return }
        #expect(message == "syntax error in line 1 near '->'")
        #expect(error.description.contains("could not parse"))
    }
    #expect(throws: GraphvizError.self) { try renderer.render(dot: "", format: .svg) }
    // Line numbers restart for every graph, even after multi-line ones.
    #expect(throws: GraphvizError.syntax(message: "syntax error in line 3")) {
        try renderer.render(dot: "digraph {\n  a -> b;\n", format: .svg)
    }
    // The parser recovers: the next good graph still renders.
    #expect(try renderer.renderSVG(dot: sampleDOT).contains(">Alpha<"))
}

@Test func unknownLayoutIsNamedInTheError() {
    #expect(throws: GraphvizError.self) {
        try GraphvizRenderer().render(dot: sampleDOT, format: .svg, layout: "no-such-layout")
    }
    do {
        _ = try GraphvizRenderer().render(dot: sampleDOT, format: .svg, layout: "no-such-layout")
    } catch {
        guard case .layoutUnavailable(let layout, let available) = error else { Issue.record("\(error)"); return }
        #expect(layout == "no-such-layout")
        #expect(available.contains("dot"))
        #expect(error.description.contains("'no-such-layout'"))
    }
}

@Test func pluginsAreFound() {
    let renderer = GraphvizRenderer()
    #expect(renderer.availableLayouts().contains("dot"))
    #expect(renderer.availableLayouts().contains("neato"))
    #expect(renderer.availableFormats().contains("svg"))
    #expect(renderer.availableFormats().contains("png"))
}

@Test func concurrentRendersAreSerializedSafely() async throws {
    let outputs = try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for i in 0..<12 {
            group.addTask {
                let dot = "digraph { n\(i) [label=\"node\(i)\"]; n\(i) -> m\(i); }"
                let layout = i.isMultiple(of: 3) ? "neato" : "dot"
                return (i, try GraphvizRenderer().renderSVG(dot: dot, layout: layout))
            }
        }
        var collected: [Int: String] = [:]
        for try await (i, svg) in group { collected[i] = svg }
        return collected
    }
    #expect(outputs.count == 12)
    for (i, svg) in outputs { #expect(svg.contains(">node\(i)<")) }
}

@Test func writeFigureWritesDotAndSVGAtomically() throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("diagrams-tests-\(UUID().uuidString)/nested")
    defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    let base = directory.appendingPathComponent("figure")
    try GraphvizRenderer().writeFigure(dot: sampleDOT, to: base)
    #expect(try String(contentsOf: base.appendingPathExtension("dot"), encoding: .utf8) == sampleDOT)
    #expect(try String(contentsOf: base.appendingPathExtension("svg"), encoding: .utf8).contains("<svg"))
    // Overwriting works, and no temp files are left beside the figure.
    try GraphvizRenderer().writeFigure(dot: sampleDOT, to: base)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(names == ["figure.dot", "figure.svg"])
    // A bad graph throws before touching the existing files.
    #expect(throws: GraphvizError.self) { try GraphvizRenderer().writeFigure(dot: "digraph {", to: base) }
    #expect(try String(contentsOf: base.appendingPathExtension("dot"), encoding: .utf8) == sampleDOT)
}
