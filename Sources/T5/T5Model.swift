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
    /// The head follows Hugging Face's loader rule: `lm_head.weight` if present (and different), else tied.
    /// A `vocabulary.txt` beside them must match the model's vocabulary size.
    public convenience init(checkpoint folder: URL) throws {
        let config = try T5Config.load(folder.appendingPathComponent("config.json"))
        let vocabulary = folder.appendingPathComponent("vocabulary.txt")
        if FileManager.default.fileExists(atPath: vocabulary.path) {
            try Vocabulary.load(vocabulary).check(against: config, path: vocabulary.path)
        }
        let file = folder.appendingPathComponent("model.safetensors")
        try self.init(config: config, safetensors: Safetensors.contents(of: file), path: file.path)
    }

    /// A model from a checked config and safetensors bytes. Every tensor's name, dtype and shape is
    /// checked against the config from the header alone, before any weight is decoded or the model
    /// is built, so a config that asks for more than the file holds fails without allocating it.
    public convenience init(config: T5Config, safetensors bytes: [UInt8], path: String) throws {
        let header = try Safetensors.header(of: bytes, path: path)
        let hasHead = header["lm_head.weight"] != nil
        var weights: [String: [Float]] = [:]
        for (name, shape) in config.parameterShapes(tied: !hasHead) {
            guard let entry = header[name] else { throw SafetensorsError.missingTensor(path: path, tensor: name) }
            guard entry.shape == shape else {
                throw SafetensorsError.wrongShape(path: path, tensor: name, expected: shape, found: entry.shape)
            }
            guard entry.isFloatingPoint else { throw SafetensorsError.notFloatingPoint(path: path, tensor: name, dtype: entry.dtype) }
            let values = Safetensors.decode(bytes, entry).asFloats
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw SafetensorsError.nonFinite(path: path, tensor: name, index: bad, value: values[bad])
            }
            weights[name] = values
        }
        // Untied only when the file holds an lm_head that differs from the embedding.
        let untied = hasHead && weights["lm_head.weight"] != weights["shared.weight"]
        self.init(config: config, seed: 0, tied: !untied)
        for (name, tensor) in namedParameters() {
            guard let values = weights[name] else { throw SafetensorsError.missingTensor(path: path, tensor: name) }
            tensor.data = values
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

extension T5Config {
    /// Every parameter's reference name and shape, in `T5Model.namedParameters()` order, computed
    /// from the configuration alone: a loader compares a file's header with it before allocating a
    /// model. With `tied` false the list ends with `lm_head.weight`.
    public func parameterShapes(tied: Bool) -> [(name: String, shape: [Int])] {
        let (d, inner, ff) = (dModel, innerDim, dFF)
        var list: [(name: String, shape: [Int])] = [("shared.weight", [vocabSize, d])]
        func attention(_ prefix: String, withBias: Bool) {
            for n in ["q", "k", "v"] { list.append(("\(prefix).\(n).weight", [inner, d])) }
            list.append(("\(prefix).o.weight", [d, inner]))
            if withBias { list.append(("\(prefix).relative_attention_bias.weight", [relativeAttentionNumBuckets, numHeads])) }
        }
        func feedForward(_ prefix: String) {
            for n in isGated ? ["wi_0", "wi_1"] : ["wi"] { list.append(("\(prefix).DenseReluDense.\(n).weight", [ff, d])) }
            list.append(("\(prefix).DenseReluDense.wo.weight", [d, ff]))
        }
        for i in 0..<numLayers {
            attention("encoder.block.\(i).layer.0.SelfAttention", withBias: i == 0)
            list.append(("encoder.block.\(i).layer.0.layer_norm.weight", [d]))
            feedForward("encoder.block.\(i).layer.1")
            list.append(("encoder.block.\(i).layer.1.layer_norm.weight", [d]))
        }
        list.append(("encoder.final_layer_norm.weight", [d]))
        for i in 0..<decoderLayers {
            attention("decoder.block.\(i).layer.0.SelfAttention", withBias: i == 0)
            list.append(("decoder.block.\(i).layer.0.layer_norm.weight", [d]))
            attention("decoder.block.\(i).layer.1.EncDecAttention", withBias: false)
            list.append(("decoder.block.\(i).layer.1.layer_norm.weight", [d]))
            feedForward("decoder.block.\(i).layer.2")
            list.append(("decoder.block.\(i).layer.2.layer_norm.weight", [d]))
        }
        list.append(("decoder.final_layer_norm.weight", [d]))
        if !tied { list.append(("lm_head.weight", [vocabSize, d])) }
        return list
    }
}
