// The projector trained by task tuning (Su et al., NAACL 2022, cross-model transfer): a prompt
// trained on a source model goes through the projector, and what comes out is the prompt of the
// target model. Only the projector's weights train; the source prompt and both models stay frozen.
// Training it is ordinary prompt tuning on the target model, so chapter 4's PromptTuner does it:
// this type is one more TunablePrompt, like chapter 4's reparameterised prompt.

import SoftPrompts
import T5
import Tensors

// snippet.projected-prompt
public final class ProjectedPrompt: TunablePrompt {
    /// The target model's prompt layout; the source layout must have the same depth and length.
    public let layout: PromptLayout
    public let projector: PromptProjector
    /// The source prompt, one row per (layer, key/value, position): [rows, source width], frozen.
    let sourceRows: Tensor
    let learningRate: Float

    public init(source values: [Float], sourceLayout: PromptLayout, layout: PromptLayout, projector: PromptProjector,
                learningRate: Float) throws {
        try ProjectedPrompt.checkCompatible(sourceLayout, layout, projector: projector)
        precondition(values.count == sourceLayout.parameterCount, "source prompt has \(values.count) values, its layout \(sourceLayout.parameterCount)")
        (self.layout, self.projector, self.learningRate) = (layout, projector, learningRate)
        sourceRows = Tensor(values, shape: [values.count / sourceLayout.width, sourceLayout.width])
    }

    /// The target prompt, of `layout.shape`, as a differentiable function of the projector.
    public func projected() -> Tensor { projector(sourceRows).reshaped(layout.shape) }

    public func parameterGroups(learningRate _: Float) -> [ParameterGroup] {
        [ParameterGroup(name: "projector", tensors: [projector.w1, projector.b1, projector.w2, projector.b2], learningRate: learningRate)]
    }
    public func promptInputs() -> PromptInputs { layout.inputs(projected()) }
    public func prepareGradients() {}
    public var state: [(name: String, tensor: Tensor)] {
        [("projector.w1", projector.w1), ("projector.b1", projector.b1), ("projector.w2", projector.w2), ("projector.b2", projector.b2)]
    }
}
// snippet.end

extension ProjectedPrompt {
    /// Any source prompt of `sourceLayout` through the projector, without gradients: how a trained
    /// projector carries a task it never saw to the target model.
    public static func project(_ values: [Float], sourceLayout: PromptLayout, layout: PromptLayout,
                               projector: PromptProjector) throws -> [Float] {
        try checkCompatible(sourceLayout, layout, projector: projector)
        return withNoGrad { projector(Tensor(values, shape: [values.count / sourceLayout.width, sourceLayout.width])).data }
    }

    /// Rows are matched one to one, so the two layouts must agree on everything but the width,
    /// and the projector must map the source width to the target width.
    static func checkCompatible(_ source: PromptLayout, _ target: PromptLayout, projector: PromptProjector) throws {
        guard source.placement == .deep, target.placement == .deep, source.length == target.length,
              source.encoderLayers == target.encoderLayers, source.decoderLayers == target.decoderLayers else {
            throw TransferError.invalidOption(name: "second backbone", value: "\(source.encoderLayers)+\(source.decoderLayers) blocks, \(source.length) positions",
                                              reason: "the row-wise projector needs deep prompts of the same depth and length on both models (target: \(target.encoderLayers)+\(target.decoderLayers) blocks, \(target.length) positions)")
        }
        let weights = projector.weights
        guard weights.inWidth == source.width, weights.outWidth == target.width else {
            throw TransferError.invalidOption(name: "projector", value: "\(weights.inWidth) → \(weights.outWidth)",
                                              reason: "the prompts' rows are \(source.width) wide on the source model and \(target.width) on the target")
        }
    }
}
