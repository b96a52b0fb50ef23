// The trainable prompt of chapter 4 and the protocol every prompt-like learner implements, so one
// trainer (PromptTuner) serves plain prompts here and lottery prompts in stage 5.

import Foundation
import T5
import Tensors

/// Tensors the optimizer updates at one learning rate (stage 5 trains scores and prompt values
/// at different rates).
public struct ParameterGroup {
    public let name: String
    public let tensors: [Tensor]
    public let learningRate: Float
    public init(name: String, tensors: [Tensor], learningRate: Float) {
        (self.name, self.tensors, self.learningRate) = (name, tensors, learningRate)
    }
}

/// Anything the prompt trainer can tune on a frozen model.
public protocol TunablePrompt: AnyObject {
    var layout: PromptLayout { get }
    /// What the optimizer updates; `learningRate` is the trainer's rate for the prompt itself.
    func parameterGroups(learningRate: Float) -> [ParameterGroup]
    /// The prompt the model sees in this step, as a differentiable function of the parameters.
    func promptInputs() -> PromptInputs
    /// Runs between backward and the optimizer step (stage 5 isolates gradients here).
    func prepareGradients()
    /// Every tensor that defines the prompt, by name: checkpoints save them, and the trainer keeps
    /// a copy of them at the best dev score.
    var state: [(name: String, tensor: Tensor)] { get }
    /// True when the backbone's own weights are among the parameter groups (the fine-tuning
    /// baselines of chapter 6); the tuner then leaves the model unfrozen.
    var tunesBackbone: Bool { get }
    /// The prompt for one training batch. Most prompts ignore the batch; L2P (chapter 6) picks
    /// its prompts from a pool by the batch's own inputs.
    func promptInputs(for batch: T5Batch) -> PromptInputs
    /// A loss term added to the task's cross-entropy for this batch (EWC's penalty, L2P's key
    /// pull), or nil. It must be a differentiable function of the parameter groups.
    func extraLoss(for batch: T5Batch) -> Tensor?
}

extension TunablePrompt {
    public var tunesBackbone: Bool { false }
    public func promptInputs(for batch: T5Batch) -> PromptInputs { promptInputs() }
    public func extraLoss(for batch: T5Batch) -> Tensor? { nil }
}

public enum PromptInitialization: Equatable, Sendable {
    /// N(0, std²) for every entry.
    case random(std: Float)
    /// Embeddings of randomly drawn vocabulary words (Lester et al. 2021); for a deep prompt,
    /// those embeddings projected by each layer's own key and value weights, so every prefix
    /// starts as what real words would put there.
    case vocabulary
    /// The values of another prompt of the same layout (C-PT and few-shot transfer).
    case copy([Float])
}

// snippet.soft-prompt
public final class SoftPrompt: TunablePrompt {
    public let layout: PromptLayout
    /// The one trainable tensor, of `layout.shape`.
    public let values: Tensor

    public init(layout: PromptLayout, model: T5Model, initialization: PromptInitialization = .random(std: 0.02),
                seed: UInt64 = 1) {
        self.layout = layout
        values = SoftPrompt.initialValues(layout: layout, model: model, initialization: initialization, seed: seed)
        values.requiresGrad = true
        values.name = "prompt"
    }

    public func parameterGroups(learningRate: Float) -> [ParameterGroup] {
        [ParameterGroup(name: "prompt", tensors: [values], learningRate: learningRate)]
    }
    public func promptInputs() -> PromptInputs { layout.inputs(values) }
    public func prepareGradients() {}
    public var state: [(name: String, tensor: Tensor)] { [("prompt", values)] }
}
// snippet.end

extension SoftPrompt {
    static func initialValues(layout: PromptLayout, model: T5Model, initialization: PromptInitialization,
                              seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        switch initialization {
        case .random(let std):
            return Tensor.normal(layout.shape, std: std, rng: &rng)
        case .copy(let values):
            precondition(values.count == layout.parameterCount, "copied prompt has \(values.count) values, layout needs \(layout.parameterCount)")
            return Tensor(values, shape: layout.shape)
        case .vocabulary:
            // Any id but <pad> (0) and </s> (1): the model does not know which ids are words.
            let vocabulary = model.config.vocabSize
            let ids = (0..<layout.length).map { _ in 2 + rng.nextInt(below: vocabulary - 2) }
            let embeddings = withNoGrad { model.shared.gather(ids, indexShape: [layout.length]) }   // [n, d]
            if layout.placement == .shallow { return Tensor(embeddings.data, shape: layout.shape) }
            var out: [Float] = []
            out.reserveCapacity(layout.parameterCount)
            // Each layer sees RMS-normed input, so the words are normed by that layer's weight first.
            let layers = model.encoder.map { ($0.selfAttention, $0.selfAttentionNorm) }
                + model.decoder.map { ($0.selfAttention, $0.selfAttentionNorm) }
            for (attention, norm) in layers {
                withNoGrad {
                    let normed = embeddings.rmsNorm(weight: norm, eps: model.config.layerNormEpsilon)
                    out += normed.matmul(attention.k, transposeOther: true).data
                    out += normed.matmul(attention.v, transposeOther: true).data
                }
            }
            return Tensor(out, shape: layout.shape)
        }
    }
}
