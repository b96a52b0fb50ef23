// Residual adapters, the tunable part of AdapterCL (Madotto et al. 2021, "Continual Learning in
// Task-Oriented Dialogue Systems"), chapter 6. One small bottleneck network per block of both
// stacks, added after the block's feed-forward residual:  h ← h + up(ReLU(down(h))).
// AdapterCL trains one such set per task on the frozen backbone, so nothing learned earlier is
// overwritten; the cost is a whole adapter set per task instead of one prompt.
//
// Departure from the paper: Houlsby-style adapters (and AdapterCL's) normalize h before the
// down-projection. We leave the norm out: T5's next sublayer RMS-normalizes its input anyway,
// the adapter stays two matrices per block, and up = 0 still makes a fresh adapter the identity.

import SoftPrompts
import T5
import Tensors

/// A saved adapter state that does not fit this adapter set.
public enum AdapterStateError: Error, CustomStringConvertible, Equatable {
    case missingTensor(name: String)
    case wrongSize(name: String, count: Int, expected: Int)
    public var description: String {
        switch self {
        case .missingTensor(let n): return "adapter state has no tensor '\(n)'"
        case .wrongSize(let n, let c, let e): return "adapter tensor '\(n)' has \(c) values, expected \(e) (another bottleneck or model?)"
        }
    }
}

/// One block's adapter: down [bottleneck, d_model], up [d_model, bottleneck], stored [out, in]
/// like every T5 weight.
public struct BlockAdapter {
    public let down: Tensor, up: Tensor

    /// h [B, S, d] → h + up(ReLU(down(h))): the residual is added here, as the hook requires.
    public func callAsFunction(_ h: Tensor) -> Tensor {
        h + h.matmul(down, transposeOther: true).relu().matmul(up, transposeOther: true)
    }
}

public final class ResidualAdapters: TunablePrompt {
    public let bottleneck: Int
    /// Adapters have no prompt: the protocol asks for a layout, so this one is a shallow prompt of
    /// length 0 ([0, d_model], nothing prepended). Nothing reads it for adapters.
    public let layout: PromptLayout
    /// One adapter per encoder block and one per decoder block, in block order.
    public let encoder: [BlockAdapter], decoder: [BlockAdapter]
    private let config: T5Config

    /// down ~ N(0, 0.02²) from `seed`, up = 0: a fresh set leaves the model's output unchanged,
    /// and the first gradient step moves `up` (down's gradient is zero while up is).
    public convenience init(model: T5Model, bottleneck: Int = 32, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let d = model.config.dModel
        func fresh() -> BlockAdapter {
            BlockAdapter(down: Tensor.normal([bottleneck, d], std: 0.02, rng: &rng), up: Tensor.zeros([d, bottleneck]))
        }
        let encoder = (0..<model.config.numLayers).map { _ in fresh() }
        let decoder = (0..<model.config.decoderLayers).map { _ in fresh() }
        self.init(config: model.config, bottleneck: bottleneck, encoder: encoder, decoder: decoder)
    }

    init(config: T5Config, bottleneck: Int, encoder: [BlockAdapter], decoder: [BlockAdapter]) {
        (self.config, self.bottleneck) = (config, bottleneck)
        layout = PromptLayout(.shallow, for: config, length: 0)
        (self.encoder, self.decoder) = (encoder, decoder)
        for (name, tensor) in state { tensor.requiresGrad = true; tensor.name = name }
    }

    /// A deep copy: the copy's weights are new tensors with the same values.
    public func copy() -> ResidualAdapters {
        func clone(_ a: BlockAdapter) -> BlockAdapter {
            BlockAdapter(down: Tensor(a.down.data, shape: a.down.shape), up: Tensor(a.up.data, shape: a.up.shape))
        }
        return ResidualAdapters(config: config, bottleneck: bottleneck, encoder: encoder.map(clone), decoder: decoder.map(clone))
    }

    /// Trainable floats: 2 · bottleneck · d_model per block, over both stacks.
    public var parameterCount: Int { state.reduce(0) { $0 + $1.tensor.count } }

    public func parameterGroups(learningRate: Float) -> [ParameterGroup] {
        [ParameterGroup(name: "adapters", tensors: state.map(\.tensor), learningRate: learningRate)]
    }

    public func promptInputs() -> PromptInputs {
        let (encoder, decoder) = (encoder, decoder)
        return PromptInputs(blockAdapter: { stack, layer, h in
            stack == .encoder ? encoder[layer](h) : decoder[layer](h)
        })
    }

    public func prepareGradients() {}

    /// "encoder.0.down", "encoder.0.up", …, then the decoder's, in block order.
    public var state: [(name: String, tensor: Tensor)] {
        [("encoder", encoder), ("decoder", decoder)].flatMap { stack, adapters in
            adapters.enumerated().flatMap { i, a in [("\(stack).\(i).down", a.down), ("\(stack).\(i).up", a.up)] }
        }
    }

    /// Overwrites every weight with the values saved under its `state` name (checkpoint loading).
    /// Checks everything before changing anything, so a bad state leaves the adapters as they were.
    public func setState(_ values: [String: [Float]]) throws {
        for (name, tensor) in state {
            guard let saved = values[name] else { throw AdapterStateError.missingTensor(name: name) }
            guard saved.count == tensor.count else {
                throw AdapterStateError.wrongSize(name: name, count: saved.count, expected: tensor.count)
            }
        }
        for (name, tensor) in state { tensor.data = values[name]! }
    }
}
