// How later tasks reuse earlier tasks' prompt entries (chapter 5's figure). Every entry of the
// shared prompt was trained by exactly one task: the first whose mask selected it. A task's mask
// therefore splits into entries it trained itself and entries it borrowed, read-only, from each
// earlier owner; those shares sum to 1.

import Diagrams

public struct MaskReuse: Sendable {
    public let tasks: [String]
    /// shares[k][j]: fraction of task k's mask first owned by task j (j ≤ k; j = k is "trained by k").
    public let shares: [[Double]]
    public let maskSizes: [Int]
    /// Share of the prompt no task owns after the last task.
    public let freeCapacity: Double

    // snippet.mask-reuse
    public init(masks: [(task: String, mask: PromptMask)]) {
        tasks = masks.map(\.task)
        maskSizes = masks.map(\.mask.popcount)
        var owned = masks.first.map { PromptMask(count: $0.mask.count) } ?? PromptMask(count: 0)
        var firstOwned: [PromptMask] = []          // entries each task trained first
        var shares: [[Double]] = []
        for (_, mask) in masks {
            let size = Double(max(1, mask.popcount))
            var row = firstOwned.map { Double(mask.intersection($0).popcount) / size }
            let fresh = mask.subtracting(owned)
            row.append(Double(fresh.popcount) / size)
            shares.append(row)
            firstOwned.append(fresh)
            owned = owned.union(mask)
        }
        self.shares = shares
        freeCapacity = owned.count == 0 ? 1 : 1 - Double(owned.popcount) / Double(owned.count)
    }
    // snippet.end

    /// The same shares as a lower-triangular grid, readable for any number of tasks: row k is the
    /// k-th task learned, column j the task that first trained the entries (the diagonal is the
    /// share k trained itself), in percent; cells above the diagonal cannot occur and stay blank.
    public func heatmap(title: String) -> Heatmap {
        let labels = tasks.enumerated().map { "\($0.offset + 1). \($0.element)" }
        let values = shares.map { row in (0..<tasks.count).map { j in j < row.count ? 100 * row[j] : .nan } }
        return Heatmap(title: title, rowLabels: labels, columnLabels: labels, values: values, digits: 0,
                       rowCaption: "mask of task", columnCaption: "entries first trained by task (% of the row's mask)")
    }

    /// Tasks as nodes in learning order; an edge j → k labelled with the share of k's mask owned
    /// by j (width grows with it); a last node shows the prompt's free capacity.
    public func dot(title: String) -> String {
        var graph = DOTGraph(name: "mask_reuse",
                             graphAttributes: ["rankdir": "LR", "fontname": "Helvetica", "fontsize": "11",
                                               "labelloc": "t", "label": .text(title)],
                             nodeDefaults: ["shape": "box", "style": "rounded,filled", "fillcolor": "#eef3fb",
                                            "fontname": "Helvetica", "fontsize": "11"],
                             edgeDefaults: ["fontname": "Helvetica", "fontsize": "9", "color": "#4a6fa5"])
        for (k, task) in tasks.enumerated() {
            let own = DOTGraph.format(100 * shares[k][k], digits: 0)
            graph.addNode("t\(k)", ["label": .text("\(k + 1). \(task)\n|m| = \(maskSizes[k])\nnew: \(own)%")])
            if k > 0 { graph.addEdge(from: "t\(k - 1)", to: "t\(k)", ["style": "invis", "weight": "10"]) }
            for j in 0..<k where shares[k][j] > 0 {
                let share = shares[k][j]
                graph.addEdge(from: "t\(j)", to: "t\(k)", ["label": .text(DOTGraph.format(100 * share, digits: 1) + "%"),
                                                         "penwidth": .text(DOTGraph.format(0.5 + 8 * share, digits: 2)),
                                                         "constraint": j == k - 1 ? "true" : "false"])
            }
        }
        graph.addNode("free", ["label": .text("free capacity\n" + DOTGraph.format(100 * freeCapacity, digits: 1) + "%"),
                               "shape": "ellipse", "fillcolor": "#f4f4f4", "style": "filled,dashed"])
        if !tasks.isEmpty { graph.addEdge(from: "t\(tasks.count - 1)", to: "free", ["style": "dashed", "arrowhead": "none"]) }
        return graph.render()
    }
}
