// The method in one picture (chapter 5): one shared prompt θ, per-task scores, the top-k mask each
// task takes from them, and the union of owned entries growing task by task. A schematic at toy
// size (a 30-entry prompt, three tasks), drawn with the kit's own top-k and mask algebra: the
// scores are seeded noise, started lower on owned entries as the learner starts them, plus a
// scripted push on two owned entries per later task standing in for the gradient that makes a
// task reuse what an earlier one trained.

import Diagrams
import Tensors

public struct MethodDiagram: Sendable {
    public let entries: Int, keepFraction: Double
    /// Per task: its starting-plus-pushed scores, its mask, and the union owned before it.
    public let scores: [[Float]], masks: [PromptMask], ownedBefore: [PromptMask]

    public init(entries: Int = 30, tasks: Int = 3, keepFraction: Double = 0.3, ownedScoreOffset: Float = 1, seed: UInt64 = 5) {
        self.entries = entries
        self.keepFraction = keepFraction
        var rng = SeededGenerator(seed: seed)
        var owned = PromptMask(count: entries)
        var scores: [[Float]] = [], masks: [PromptMask] = [], before: [PromptMask] = []
        for _ in 0..<tasks {
            var s = (0..<entries).map { j in rng.nextUniform() * 2 - 1 - (owned[j] ? ownedScoreOffset : 0) }
            // Two owned entries whose gradient kept pushing them up: the task will read them.
            let ownedIndices = (0..<entries).filter { owned[$0] }
            for j in ownedIndices.prefix(2) { s[j] += ownedScoreOffset + 1.5 }
            let mask = PromptMask.top(keepFraction: keepFraction, of: s)
            scores.append(s); masks.append(mask); before.append(owned)
            owned = owned.union(mask)
        }
        (self.scores, self.masks, self.ownedBefore) = (scores, masks, before)
    }

    static let trained = "#2ca02c", read = "#1f77b4", ownedColour = "#bdbdbd", free = "#ffffff"

    public func svg() -> String {
        let n = SVGText.number
        let (cell, left, top, rowGap, taskGap) = (18.0, 170.0, 70.0, 24.0, 16.0)
        let right = left + Double(entries) * cell
        let width = right + 240
        var y = top
        var out: [String] = []
        func row(_ label: String, _ fill: (Int) -> String, note: String = "") {
            out.append(SVGText.label(label, x: left - 10, y: y + 13, anchor: "end"))
            for j in 0..<entries {
                out.append("<rect x=\"\(n(left + Double(j) * cell))\" y=\"\(n(y))\" width=\"\(n(cell - 2))\" height=\"\(n(cell - 2))\" fill=\"\(fill(j))\" stroke=\"#888888\" stroke-width=\"0.5\"/>")
            }
            if !note.isEmpty { out.append(SVGText.label(note, x: right + 10, y: y + 13, anchor: "start")) }
            y += rowGap
        }
        row("θ: one shared prompt", { _ in "#f3e9d2" }, note: "\(entries) entries, shared by every task")
        y += taskGap
        for (k, mask) in masks.enumerated() {
            let s = scores[k], lo = s.min() ?? 0, hi = s.max() ?? 1
            row("task \(k + 1): scores s_\(k + 1)", { j in
                let level = Int(255 - 200 * Double((s[j] - lo) / max(hi - lo, 1e-6)))
                return "rgb(\(level),\(level),\(level))"
            }, note: k == 0 ? "a random start" : "owned entries start lower")
            let reads = mask.intersection(ownedBefore[k]).popcount
            row("m_\(k + 1) = top-k(s_\(k + 1))", { j in
                mask[j] ? (ownedBefore[k][j] ? Self.read : Self.trained) : (ownedBefore[k][j] ? Self.ownedColour : Self.free)
            }, note: "trains \(mask.popcount - reads), reads \(reads)")
            let union = ownedBefore[k].union(mask)
            row("owned after task \(k + 1)", { j in union[j] ? Self.ownedColour : Self.free },
                note: "\(union.popcount) of \(entries) owned, frozen")
            y += taskGap
        }
        let legend: [(String, String)] = [(Self.trained, "in the mask, free: this task trains it"),
                                          (Self.read, "in the mask, owned: read, frozen"),
                                          (Self.ownedColour, "owned by an earlier task"), (Self.free, "free")]
        for (i, (colour, text)) in legend.enumerated() {
            let x = left + Double(i % 2) * 290, ly = y + Double(i / 2) * 22
            out.append("<rect x=\"\(n(x))\" y=\"\(n(ly))\" width=\"14\" height=\"14\" fill=\"\(colour)\" stroke=\"#888888\" stroke-width=\"0.5\"/>")
            out.append(SVGText.label(text, x: x + 20, y: ly + 12, anchor: "start"))
        }
        let height = y + 60
        let title = "Lottery prompt tuning, schematic: one prompt, a top-\(Int((keepFraction * 100).rounded()))% mask per task"
        return ([
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            SVGText.label(title, x: width / 2, y: 26, attributes: "font-size=\"15\" font-weight=\"bold\""),
            SVGText.label("Gradients reach only the green entries; blue ones are read as they were left.", x: width / 2, y: 48),
        ] + out + ["</svg>"]).joined(separator: "\n") + "\n"
    }
}
