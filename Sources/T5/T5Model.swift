// The T5 encoder-decoder's parameters under the reference's names (chapter 2), with the
// reference initialization, and loading/saving as config.json + model.safetensors.

import Foundation
import Tensors

public struct EncoderBlock {
    public var selfAttention: Attention, selfAttentionNorm: Tensor
    public var feedForward: FeedForward, feedForwardNorm: Tensor
}

public struct DecoderBlock {
    public var selfAttention: Attention, selfAttentionNorm: Tensor
    public var crossAttention: Attention, crossAttentionNorm: Tensor
    public var feedForward: FeedForward, feedForwardNorm: Tensor
}

public final class T5Model {
    public let config: T5Config
    /// [vocab, d]: token embeddings for both stacks, and the output head when tied.
    public var shared: Tensor
    public var encoder: [EncoderBlock], encoderFinalNorm: Tensor
    public var decoder: [DecoderBlock], decoderFinalNorm: Tensor
    /// [vocab, d] when the head is untied; nil means the head is `shared`.
    public var lmHead: Tensor?

    // snippet.init
    /// A randomly initialized model, with the reference's per-parameter standard deviations.
    public init(config: T5Config, seed: UInt64, tied: Bool = true) {
        var config = config
        // An untied head (T5 v1.1) is not scaled unless the configuration says so.
        if !tied && config.scaleDecoderOutputs == nil { config.scaleDecoderOutputs = false }
        self.config = config
        var rng = SeededGenerator(seed: seed)
        let (d, inner, ff) = (config.dModel, config.innerDim, config.dFF)
        func normal(_ shape: [Int], _ std: Double) -> Tensor {
            Tensor.normal(shape, std: Float(std), rng: &rng, requiresGrad: true)
        }
        func ones() -> Tensor { Tensor.ones([d], requiresGrad: true) }
        func attention(withBias: Bool) -> Attention {
            Attention(q: normal([inner, d], 1 / Double(d * config.dKV).squareRoot()),
                      k: normal([inner, d], 1 / Double(d).squareRoot()),
                      v: normal([inner, d], 1 / Double(d).squareRoot()),
                      o: normal([d, inner], 1 / Double(inner).squareRoot()),
                      relativeBias: withBias ? normal([config.relativeAttentionNumBuckets, config.numHeads],
                                                      1 / Double(d).squareRoot()) : nil)
        }
        func feedForward() -> FeedForward {
            let std = 1 / Double(d).squareRoot()
            return config.isGated
                ? FeedForward(wi: nil, wi0: normal([ff, d], std), wi1: normal([ff, d], std),
                              wo: normal([d, ff], 1 / Double(ff).squareRoot()))
                : FeedForward(wi: normal([ff, d], std), wi0: nil, wi1: nil, wo: normal([d, ff], 1 / Double(ff).squareRoot()))
        }
        shared = normal([config.vocabSize, d], 1)
        encoder = (0..<config.numLayers).map { i in
            EncoderBlock(selfAttention: attention(withBias: i == 0), selfAttentionNorm: ones(),
                         feedForward: feedForward(), feedForwardNorm: ones())
        }
        encoderFinalNorm = ones()
        decoder = (0..<config.decoderLayers).map { i in
            DecoderBlock(selfAttention: attention(withBias: i == 0), selfAttentionNorm: ones(),
                         crossAttention: attention(withBias: false), crossAttentionNorm: ones(),
                         feedForward: feedForward(), feedForwardNorm: ones())
        }
        decoderFinalNorm = ones()
        lmHead = tied ? nil : normal([config.vocabSize, d], 1)
    }
    // snippet.end

    /// Every parameter under its reference name, in a fixed order.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var list: [(String, Tensor)] = [("shared.weight", shared)]
        func attention(_ prefix: String, _ a: Attention) {
            for (n, t) in [("q", a.q), ("k", a.k), ("v", a.v), ("o", a.o)] { list.append(("\(prefix).\(n).weight", t)) }
            if let bias = a.relativeBias { list.append(("\(prefix).relative_attention_bias.weight", bias)) }
        }
        func feedForward(_ prefix: String, _ f: FeedForward) {
            let parts: [(String, Tensor?)] = [("wi", f.wi), ("wi_0", f.wi0), ("wi_1", f.wi1), ("wo", f.wo)]
            for case let (n, t?) in parts { list.append(("\(prefix).DenseReluDense.\(n).weight", t)) }
        }
        for (i, b) in encoder.enumerated() {
            attention("encoder.block.\(i).layer.0.SelfAttention", b.selfAttention)
            list.append(("encoder.block.\(i).layer.0.layer_norm.weight", b.selfAttentionNorm))
            feedForward("encoder.block.\(i).layer.1", b.feedForward)
            list.append(("encoder.block.\(i).layer.1.layer_norm.weight", b.feedForwardNorm))
        }
        list.append(("encoder.final_layer_norm.weight", encoderFinalNorm))
        for (i, b) in decoder.enumerated() {
            attention("decoder.block.\(i).layer.0.SelfAttention", b.selfAttention)
            list.append(("decoder.block.\(i).layer.0.layer_norm.weight", b.selfAttentionNorm))
            attention("decoder.block.\(i).layer.1.EncDecAttention", b.crossAttention)
            list.append(("decoder.block.\(i).layer.1.layer_norm.weight", b.crossAttentionNorm))
            feedForward("decoder.block.\(i).layer.2", b.feedForward)
            list.append(("decoder.block.\(i).layer.2.layer_norm.weight", b.feedForwardNorm))
        }
        list.append(("decoder.final_layer_norm.weight", decoderFinalNorm))
        if let lmHead { list.append(("lm_head.weight", lmHead)) }
        return list
    }

    public var parameters: [Tensor] { namedParameters().map(\.tensor) }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Freezes (or unfreezes) every weight: prompt tuning trains only the prompt.
    public func setFrozen(_ frozen: Bool) { for p in parameters { p.requiresGrad = !frozen } }

    // snippet.load
    /// Loads `config.json` and `model.safetensors` from a folder (the reference's layout).
    /// The head follows the reference notes' loader rule: `lm_head.weight` if present (and different), else tied.
    public convenience init(checkpoint folder: URL) throws {
        let config = try T5Config.load(folder.appendingPathComponent("config.json"))
        let file = folder.appendingPathComponent("model.safetensors")
        let stored = try Safetensors.read(file)
        // Untied only when the file holds an lm_head that differs from the embedding.
        let untied = stored["lm_head.weight"].map { $0.asFloats != stored["shared.weight"]?.asFloats } ?? false
        self.init(config: config, seed: 0, tied: !untied)
        for (name, tensor) in namedParameters() {
            guard let value = stored[name] else { throw SafetensorsError.missingTensor(path: file.path, tensor: name) }
            guard value.shape == tensor.shape else {
                throw SafetensorsError.wrongShape(path: file.path, tensor: name, expected: tensor.shape, found: value.shape)
            }
            tensor.data = value.asFloats
        }
    }
    // snippet.end

    /// Writes `config.json` and `model.safetensors` (each atomically) into `folder`.
    public func save(to folder: URL) throws {
        var config = self.config
        config.tieWordEmbeddings = lmHead == nil
        config.scaleDecoderOutputs = self.config.scalesDecoderOutput
        var tensors: [String: StoredTensor] = [:]
        for (name, t) in namedParameters() { tensors[name] = StoredTensor(floats: t.data, shape: t.shape) }
        try Safetensors.write(tensors, to: folder.appendingPathComponent("model.safetensors"))
        try config.save(folder.appendingPathComponent("config.json"))
    }
}
