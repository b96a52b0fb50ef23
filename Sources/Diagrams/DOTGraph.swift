// DOTGraph: a small value model of a Graphviz graph and its deterministic DOT writer (style guide §2.6).
// The same graph always renders to the same bytes, so `figures/*.dot` can be snapshot-compared in CI.

/// Attributes of a graph, node, edge or subgraph; written sorted by key.
public typealias DOTAttributes = [String: DOTValue]

/// A node statement: a caller-chosen stable id (never a memory address) and its attributes.
public struct DOTNode: Hashable, Sendable {
    public var id: String
    public var attributes: DOTAttributes

    public init(_ id: String, _ attributes: DOTAttributes = [:]) {
        self.id = id
        self.attributes = attributes
    }
}

/// An edge statement between two node ids.
public struct DOTEdge: Hashable, Sendable {
    public var from: String
    public var to: String
    public var attributes: DOTAttributes

    public init(from: String, to: String, _ attributes: DOTAttributes = [:]) {
        self.from = from
        self.to = to
        self.attributes = attributes
    }
}

/// A subgraph that groups nodes, e.g. the "encoder" and "decoder" boxes of a model diagram.
///
/// Graphviz draws a box only around subgraphs whose name starts with `cluster`, so when `isCluster`
/// is true the written name is `cluster_<name>`.
public struct DOTSubgraph: Hashable, Sendable {
    public var name: String
    public var isCluster: Bool
    public var attributes: DOTAttributes
    public var nodes: [DOTNode]
    public var subgraphs: [DOTSubgraph]

    public init(_ name: String, isCluster: Bool = true, _ attributes: DOTAttributes = [:],
                nodes: [DOTNode] = [], subgraphs: [DOTSubgraph] = []) {
        self.name = name
        self.isCluster = isCluster
        self.attributes = attributes
        self.nodes = nodes
        self.subgraphs = subgraphs
    }

    /// Appends a node declared inside this subgraph.
    public mutating func addNode(_ id: String, _ attributes: DOTAttributes = [:]) {
        nodes.append(DOTNode(id, attributes))
    }

    /// The id written after `subgraph`.
    public var writtenName: String { isCluster ? "cluster_" + name : name }
}

/// A Graphviz graph as a value. Statements are written in insertion order (callers sort), attributes
/// sorted by key, and every id and value quoted.
public struct DOTGraph: Hashable, Sendable {
    public var name: String
    public var isDirected: Bool
    /// Written as `graph [...]`, e.g. `rankdir`.
    public var graphAttributes: DOTAttributes
    /// Written as `node [...]`: defaults for every node.
    public var nodeDefaults: DOTAttributes
    /// Written as `edge [...]`: defaults for every edge.
    public var edgeDefaults: DOTAttributes
    public var subgraphs: [DOTSubgraph]
    public var nodes: [DOTNode]
    public var edges: [DOTEdge]

    public init(name: String = "G", directed: Bool = true, graphAttributes: DOTAttributes = [:],
                nodeDefaults: DOTAttributes = [:], edgeDefaults: DOTAttributes = [:]) {
        self.name = name
        self.isDirected = directed
        self.graphAttributes = graphAttributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
        self.subgraphs = []
        self.nodes = []
        self.edges = []
    }

    /// Appends a top-level node.
    public mutating func addNode(_ id: String, _ attributes: DOTAttributes = [:]) {
        nodes.append(DOTNode(id, attributes))
    }

    /// Appends an edge; its endpoints may be declared in `nodes` or in any subgraph.
    public mutating func addEdge(from: String, to: String, _ attributes: DOTAttributes = [:]) {
        edges.append(DOTEdge(from: from, to: to, attributes))
    }

    /// Appends a subgraph (written before the top-level nodes, so clusters come first in the layout).
    public mutating func addSubgraph(_ subgraph: DOTSubgraph) {
        subgraphs.append(subgraph)
    }

    /// The DOT text: header, defaults, subgraphs, nodes, edges; two-space indent, trailing newline.
    public func render() -> String {
        var lines: [String] = []
        lines.append("\(isDirected ? "digraph" : "graph") \(DOTValue.text(name).quoted) {")
        Self.appendDefaults(graphAttributes, nodeDefaults, edgeDefaults, indent: "  ", to: &lines)
        for subgraph in subgraphs { Self.append(subgraph, indent: "  ", to: &lines) }
        for node in nodes { lines.append("  " + Self.statement(node)) }
        let arrow = isDirected ? " -> " : " -- "
        for edge in edges {
            let ends = DOTValue.text(edge.from).quoted + arrow + DOTValue.text(edge.to).quoted
            lines.append("  " + ends + Self.attributeList(edge.attributes) + ";")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: writing helpers

    private static func appendDefaults(_ graph: DOTAttributes, _ node: DOTAttributes, _ edge: DOTAttributes,
                                       indent: String, to lines: inout [String]) {
        for (keyword, attributes) in [("graph", graph), ("node", node), ("edge", edge)] where !attributes.isEmpty {
            lines.append(indent + keyword + attributeList(attributes) + ";")
        }
    }

    private static func append(_ subgraph: DOTSubgraph, indent: String, to lines: inout [String]) {
        lines.append(indent + "subgraph " + DOTValue.text(subgraph.writtenName).quoted + " {")
        let inner = indent + "  "
        appendDefaults(subgraph.attributes, [:], [:], indent: inner, to: &lines)
        for child in subgraph.subgraphs { append(child, indent: inner, to: &lines) }
        for node in subgraph.nodes { lines.append(inner + statement(node)) }
        lines.append(indent + "}")
    }

    private static func statement(_ node: DOTNode) -> String {
        DOTValue.text(node.id).quoted + attributeList(node.attributes) + ";"
    }

    /// ` [a="1", b="2"]` sorted by key, or "" when empty.
    static func attributeList(_ attributes: DOTAttributes) -> String {
        guard !attributes.isEmpty else { return "" }
        let pairs = attributes.keys.sorted().map { key in DOTQuoting.key(key) + "=" + attributes[key]!.quoted }
        return " [" + pairs.joined(separator: ", ") + "]"
    }
}
