// The computation graph as a Graphviz diagram (chapter 1's figure), in micrograd's style:
// a record per tensor { name | shape | data | grad } and an ellipse per operation.
// Node ids come from the graph's topological order (t0, t1, …), never from memory addresses,
// so the same expression always gives the same DOT text.

import Diagrams

extension Tensor {
    /// The DOT text of the graph that produced `self` (top to bottom, so a long chain stays readable
    /// at page width), showing at most `maxValues` elements of
    /// each tensor's data and gradient.
    public func computationGraphDOT(maxValues: Int = 4) -> String {
        let nodes = graphNodes()
        var ids: [ObjectIdentifier: String] = [:]
        for (i, t) in nodes.enumerated() { ids[ObjectIdentifier(t)] = "t\(i)" }
        var graph = DOTGraph(name: "computation", graphAttributes: ["rankdir": "TB", "ranksep": "0.25"],
                             nodeDefaults: ["fontname": "Helvetica", "fontsize": "11"])
        func values(_ v: [Float]?) -> String {
            guard let v else { return "none" }
            let shown = v.prefix(maxValues).map { DOTGraph.format($0, digits: 4) }.joined(separator: " ")
            return v.count > maxValues ? shown + " …" : shown
        }
        for t in nodes {
            let id = ids[ObjectIdentifier(t)]!
            let title = t.name ?? (t.op == "leaf" ? "input" : "result")
            graph.addNode(id, ["shape": "record",
                               "label": DOTGraph.recordLabel([title, "shape \(t.shape)",
                                                              "data " + values(t.data),
                                                              "grad " + values(t.grad)])])
            guard !t.inputs.isEmpty else { continue }
            // An ellipse for the operation, between the inputs and the result.
            graph.addNode(id + "_op", ["shape": "ellipse", "label": .text(t.op)])
            graph.addEdge(from: id + "_op", to: id)
            for input in t.inputs { graph.addEdge(from: ids[ObjectIdentifier(input)]!, to: id + "_op") }
        }
        return graph.render()
    }
}

/// The small expression chapter 1 draws: a neuron tanh(w·x + b) with a squared-error loss.
/// Returns the loss after `backward()`, so every node carries its gradient.
public func chapterOneExampleGraph() -> Tensor {
    let x = Tensor([1.0, -2.0], shape: [1, 2], name: "x")
    let w = Tensor([0.5, -0.25], shape: [2, 1], requiresGrad: true, name: "w")
    let b = Tensor([0.1], shape: [1], requiresGrad: true, name: "b")
    let target = Tensor([0.5], shape: [1, 1], name: "target")
    let h = (x.matmul(w) + b).tanh()
    h.name = "h = tanh(x·w + b)"
    let loss = (h - target).square().sum()
    loss.name = "loss"
    loss.backward()
    return loss
}
