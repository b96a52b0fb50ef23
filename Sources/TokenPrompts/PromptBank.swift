// The prompt bank of token-wise prompt tuning (chapter 9): M prompt vectors, each one input
// position wide, shared by every task. Wu et al., "Parameter Efficient Multi-task Fine-tuning by
// Learning to Transfer Token-wise Prompts" (Findings of EMNLP 2023) call it TPT. An example
// does not get a whole task prompt: it gets the k bank vectors its own input points at
// (Retrieval.swift), so two sentences of one task can see different prompts.

import Foundation
import SoftPrompts
import T5
import Tensors

/// How the bank's vectors start.
public enum BankInitialization: Equatable, Sendable {
    /// Word embeddings of randomly drawn vocabulary words, as TPT's default does: a query made of
    /// word embeddings then has something meaningful to score from the first step.
    case vocabulary
    /// N(0, std²) for every entry, as the kit's other prompts start.
    case random(std: Float)
}

// snippet.prompt-bank
public final class PromptBank {
    /// [size, d_model]: one shallow prompt vector per slot.
    public let values: Tensor
    public var size: Int { values.shape[0] }
    public var width: Int { values.shape[1] }

    public init(size: Int, model: T5Model, initialization: BankInitialization = .vocabulary, seed: UInt64 = 11) {
        precondition(size > 0, "a bank needs at least one slot")
        var rng = SeededGenerator(seed: seed)
        let d = model.config.dModel
        switch initialization {
        case .random(let std):
            values = Tensor.normal([size, d], std: std, rng: &rng)
        case .vocabulary:
            // Any id but <pad> (0) and </s> (1), as SoftPrompt's vocabulary start.
            let ids = (0..<size).map { _ in 2 + rng.nextInt(below: model.config.vocabSize - 2) }
            values = Tensor(withNoGrad { model.shared.gather(ids) }.data, shape: [size, d])
        }
        values.name = "prompt-bank"
    }

    /// A bank holding `values` ([size, width], row-major).
    public init(values: [Float], size: Int, width: Int) {
        precondition(values.count == size * width, "\(values.count) values for a bank of \(size) × \(width)")
        self.values = Tensor(values, shape: [size, width])
        self.values.name = "prompt-bank"
    }

    /// An independent copy (a target task that tunes the bank again tunes its own copy).
    public func copy() -> PromptBank { PromptBank(values: values.data, size: size, width: width) }

    /// Whether training updates the bank: true while the source tasks build it, and for the
    /// target arm that tunes it again per task.
    public var trainable: Bool {
        get { values.requiresGrad }
        set { values.requiresGrad = newValue }
    }

    /// The vectors of each example's slots: `slots[b]` (k bank indices) → [B, k, width]. A gather,
    /// so backward sends each example's gradient to the rows it used and to no other row.
    public func rows(_ slots: [[Int]]) -> Tensor {
        let k = slots.first?.count ?? 0
        precondition(k > 0 && slots.allSatisfy { $0.count == k }, "every example needs the same number (≥ 1) of slots")
        return values.gather(slots.flatMap { $0 }, indexShape: [slots.count, k])
    }
}
// snippet.end
