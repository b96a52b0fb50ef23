// When the learned masks have used up the prompt (chapter 6). Each task keeps a fixed share of
// the entries, and entries owned by earlier tasks are frozen, so the union of masks grows like
// 1 − (1 − keep)^k and a long stream runs out of room to train anything new. The paper says LPT
// can add prompt tokens then, without saying how; this is the kit's rule.
//
// Rule: before a task starts, if the free share 1 − |M|/P has fallen below the keep fraction,
// append `growth` positions to every prefix (deep) or to the input prompt (shallow), drawn like
// the originals. Old masks get zeros there, and every old task remembers the length it was
// trained with: its prompt is cut back to that length, so the new positions are not merely zero
// for it but absent. (A zero prefix position would still take softmax mass and shift its
// outputs.)

import Foundation
import SoftPrompts
import T5
import Tensors

// snippet.capacity-rule
extension LotteryPrompt {
    /// True when the next task would have less free room than it keeps.
    public var needsExpansion: Bool { freeCapacity < options.keepFraction }

    /// Applies the rule; returns the number of positions added (0 when there was room).
    @discardableResult
    public func expandIfNeeded(growth: Int) -> Int {
        guard needsExpansion, growth > 0 else { return 0 }
        expand(by: growth)
        return growth
    }

    /// Appends `extra` positions: new values N(0, 0.02²) from a seed tied to the new length, old
    /// values and masks copied position by position into the longer layout.
    public func expand(by extra: Int) {
        let old = layout, new = layout.withLength(layout.length + extra)
        var rng = SeededGenerator(seed: options.seed &+ 7919 &* UInt64(new.length))
        var grown = (0..<new.parameterCount).map { _ in Float(rng.nextNormal() * 0.02) }
        old.copyPositions(from: values.data, into: &grown, layout: new)
        masks = masks.map { ($0.task, $0.mask.widened(from: old, to: new)) }
        owned = owned.widened(from: old, to: new)
        resize(to: new)
        values.data = grown
        beginTask()
    }
}
// snippet.end

extension LotteryPrompt {
    /// Replaces θ and the scores by tensors of `newLayout`'s shape (contents to be filled in).
    func resize(to newLayout: PromptLayout) {
        guard newLayout != layout || values.shape != newLayout.shape else { return }
        layout = newLayout
        values = Tensor.zeros(newLayout.shape, requiresGrad: true)
        values.name = "prompt"
        scores = Tensor.zeros(newLayout.shape, requiresGrad: true)
        scores.name = "scores"
        if owned.count != newLayout.parameterCount { owned = PromptMask(count: newLayout.parameterCount) }
    }

    /// θ ⊙ m cut to the first `length` positions: how a task trained at that length sees the prompt.
    public func inputs(for mask: PromptMask, length: Int) -> PromptInputs {
        withNoGrad {
            let short = layout.withLength(length)
            var masked = [Float](repeating: 0, count: short.parameterCount)
            let bits = mask.floats
            let w = layout.width, n = layout.length
            for b in 0..<layout.blocks {
                for p in 0..<length {
                    let from = (b * n + p) * w, to = (b * length + p) * w
                    for c in 0..<w { masked[to + c] = values.data[from + c] * bits[from + c] }
                }
            }
            return short.inputs(Tensor(masked, shape: short.shape))
        }
    }
}

extension PromptLayout {
    /// Copies each (block, position) row of a prompt of this layout into the same row of `target`,
    /// a prompt of the longer layout `layout`.
    func copyPositions(from source: [Float], into target: inout [Float], layout longer: PromptLayout) {
        precondition(longer.length >= length && longer.blocks == blocks && longer.width == width)
        for b in 0..<blocks {
            let from = b * length * width, to = b * longer.length * width
            target.replaceSubrange(to..<(to + length * width), with: source[from..<(from + length * width)])
        }
    }
}

extension PromptMask {
    /// This mask over a prompt of layout `old`, re-indexed for the longer layout `new`: the same
    /// entries set, none of the added positions.
    func widened(from old: PromptLayout, to new: PromptLayout) -> PromptMask {
        var floats = [Float](repeating: 0, count: new.parameterCount)
        old.copyPositions(from: self.floats, into: &floats, layout: new)
        return PromptMask(floats.map { $0 != 0 })
    }
}
