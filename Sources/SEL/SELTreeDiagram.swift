// One sentence's SEL as a tree (chapter 3's figure): the root bracket, one
// node per record (`label: span`) and, under each record, one node per association. A dotted
// edge joins an association to the record that shares its span, because a relation's tail is
// also a record of its own. Node ids are positional (r0, r0a1, ...) and everything is emitted in
// the canonical SEL order, so the same records always give the same DOT bytes.

import Diagrams

public enum SELTreeDiagram {
    /// The DOT text of `records` (in the order given: pass `Linearizer.spotAsoc`'s canonical
    /// order). `sentence`, when given, is shown above the root; the graph's caption is the
    /// readable SEL string.
    public static func dot(records: [SpotAsoc], sentence: String? = nil) -> String {
        var graph = DOTGraph(name: "sel", graphAttributes: ["rankdir": "TB", "fontname": "Helvetica", "fontsize": "11",
                                                            "labelloc": "b", "label": .text(caption(records))],
                             nodeDefaults: ["shape": "box", "style": "rounded", "fontname": "Helvetica", "fontsize": "11"],
                             edgeDefaults: ["fontname": "Helvetica", "fontsize": "9"])
        if let sentence {
            graph.addNode("sentence", ["label": .text(sentence), "shape": "plaintext", "fontname": "Courier"])
            graph.addEdge(from: "sentence", to: "root", ["style": "invis"])
        }
        graph.addNode("root", ["label": "( … )\nthe whole SEL", "shape": "ellipse"])
        var spanEdges: [(String, String)] = []
        for (r, record) in records.enumerated() {
            let id = recordID(r)
            graph.addNode(id, ["label": .text("\(record.label): \(record.span)"), "style": "rounded,filled", "fillcolor": "#eef3fb"])
            graph.addEdge(from: "root", to: id, ["label": .text("record \(r + 1)")])
            for (a, pair) in record.asoc.enumerated() where pair.count == 2 {
                let asocID = associationID(record: r, association: a)
                graph.addNode(asocID, ["label": .text("\(pair[0]): \(pair[1])"), "style": "rounded,dashed"])
                graph.addEdge(from: id, to: asocID, ["label": "association"])
                // The tail's own record: the first record (other than this one) with the same span.
                if let tail = records.indices.first(where: { $0 != r && records[$0].span == pair[1] }) {
                    spanEdges.append((asocID, recordID(tail)))
                }
            }
        }
        for (from, to) in spanEdges {
            graph.addEdge(from: from, to: to, ["style": "dotted", "arrowhead": "none", "constraint": "false",
                                                "label": "same span"])
        }
        return graph.render()
    }

    public static func recordID(_ r: Int) -> String { "r\(r)" }
    public static func associationID(record r: Int, association a: Int) -> String { "r\(r)a\(a)" }

    /// The readable SEL of `records`, as the figure's caption.
    static func caption(_ records: [SpotAsoc]) -> String { SELToken.readable(Linearizer.target(records)) }

    /// The figure `figures/03-sel-tree.dot`: the tree of the chapter's running example.
    public static func chapterFigure() -> String {
        let example = ChapterExamples.relation()
        return dot(records: example.spotAsoc, sentence: example.text)
    }
}
