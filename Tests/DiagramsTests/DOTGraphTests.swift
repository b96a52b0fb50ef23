// Tests for the pure DOT writer: exact text for a small graph, quoting and escaping rules,
// record labels, and fixed-digit number formatting.

import Diagrams
import Testing

@Test func smallGraphRendersExactText() {
    var graph = DOTGraph(name: "demo", graphAttributes: ["rankdir": "LR"],
                         nodeDefaults: ["shape": "box", "fontname": "Helvetica"], edgeDefaults: ["color": "gray40"])
    var encoder = DOTSubgraph("encoder", ["label": "Encoder"])
    encoder.addNode("enc0", ["label": "x"])
    graph.addSubgraph(encoder)
    graph.addNode("b", ["label": #"say "hi" \now"#, "color": "red"])
    graph.addNode("a", ["label": "line1\nline2"])
    graph.addEdge(from: "b", to: "a", ["label": "w", "arrowhead": "none"])
    graph.addEdge(from: "enc0", to: "b")

    let expected = #"""
        digraph "demo" {
          graph [rankdir="LR"];
          node [fontname="Helvetica", shape="box"];
          edge [color="gray40"];
          subgraph "cluster_encoder" {
            graph [label="Encoder"];
            "enc0" [label="x"];
          }
          "b" [color="red", label="say \"hi\" \\now"];
          "a" [label="line1\nline2"];
          "b" -> "a" [arrowhead="none", label="w"];
          "enc0" -> "b";
        }

        """#
    #expect(graph.render() == expected)
    #expect(graph.render() == graph.render())
}

@Test func undirectedGraphUsesDoubleDash() {
    var graph = DOTGraph(name: "u", directed: false)
    graph.addEdge(from: "p", to: "q")
    #expect(graph.render() == "graph \"u\" {\n  \"p\" -- \"q\";\n}\n")
}

@Test func quotingHandlesQuotesBackslashesAndNewlines() {
    #expect(DOTValue.text(#"a"b"#).quoted == #""a\"b""#)
    #expect(DOTValue.text(#"C:\dir\"#).quoted == #""C:\\dir\\""#)  // literal backslashes doubled
    #expect(DOTValue.text("one\ntwo\r\nthree").quoted == #""one\ntwo\nthree""#)
    #expect(DOTValue.escString(#"left\l"#).quoted == #""left\l""#)  // Graphviz escapes pass through
    #expect(DOTValue.escString(#"odd\"#).quoted == #""odd\\""#)    // cannot swallow the closing quote
    #expect(DOTValue.escString(#"a\"b"#).quoted == #""a\\\"b""#)
    #expect(DOTValue.number(-0.00001, digits: 3).quoted == #""0.000""#)
}

@Test func idsAndOddKeysAreQuoted() {
    var graph = DOTGraph(name: "g h")
    graph.addNode(#"n"1"#, ["odd key": "v", "_ok2": "w"])
    #expect(graph.render() == "digraph \"g h\" {\n  \"n\\\"1\" [_ok2=\"w\", \"odd key\"=\"v\"];\n}\n")
}

@Test func recordLabelsEscapeRecordSyntax() {
    #expect(DOTGraph.escapeRecordField(#"a|b{c}<p>\"#) == #"a\|b\{c\}\<p\>\\"#)
    let label = DOTGraph.recordLabel(["data 2.0000", "grad -1.5000", "x|y"])
    #expect(label.graphvizText == #"{ data 2.0000 | grad -1.5000 | x\|y }"#)
    #expect(label.quoted == #""{ data 2.0000 | grad -1.5000 | x\|y }""#)
}

@Test func fixedFormattingNeverPrintsNegativeZero() {
    #expect(DOTGraph.format(Float(-0.0), digits: 4) == "0.0000")
    #expect(DOTGraph.format(Float(-0.00004), digits: 4) == "0.0000")
    #expect(DOTGraph.format(Float(-0.00006), digits: 4) == "-0.0001")
    #expect(DOTGraph.format(Float(-0.00005), digits: 4) == "0.0000")  // the Float is -0.0000499999…
    #expect(DOTGraph.format(Float(2), digits: 4) == "2.0000")
    #expect(DOTGraph.format(Float(-1.5), digits: 0) == "-2")  // half away from zero
    #expect(DOTGraph.format(0.125, digits: 2) == "0.13")
    #expect(DOTGraph.format(Float(1.005), digits: 2) == "1.00")  // the Float is 1.00499999…
    #expect(DOTGraph.format(1234.5678, digits: 1) == "1234.6")
    #expect(DOTGraph.format(0.5, digits: -3) == "1")  // digits clamped to 0
    #expect(DOTGraph.format(Float.nan, digits: 2) == "nan")
    #expect(DOTGraph.format(-Double.infinity, digits: 2) == "-inf")
}
