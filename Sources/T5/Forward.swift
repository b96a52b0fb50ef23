// The forward pass (chapter 2): embeddings → encoder blocks → final norm; decoder blocks with
// causal self-attention and cross-attention → final norm → output head; token-level loss.
// Pre-norm residual blocks: x ← x + Dropout(Sublayer(RMSNorm(x))).

import Tensors

/// Which stack of blocks a hook is called from.
public enum BlockStack: String, Sendable { case encoder, decoder }

/// Soft prompts the later stages feed in through these hooks (stage 4 and 5), and two per-block
/// hooks for stage 6 (adapters) and stage 7 (neuron statistics).
public struct PromptInputs {
    /// [n, d] vectors prepended to the encoder's input embeddings (shallow prompt tuning), or
    /// [B, n, d]: a prompt of its own for each row of the batch (chapter 9's per-example prompts).
    public var inputPrompt: Tensor?
    /// One key/value prefix per encoder block's self-attention (deep prompt tuning).
    public var encoderPrefixes: [AttentionPrefix]?
    /// One key/value prefix per decoder block's self-attention.
    public var decoderPrefixes: [AttentionPrefix]?
    /// One key/value prefix per decoder block's cross-attention.
    public var crossPrefixes: [AttentionPrefix]?
    /// Called with each block's feed-forward hidden activations (after the ReLU / gated GELU), shape [B, S, dFF].
    /// During cached generation S is 1: one call per block per new token.
    public var feedForwardObserver: ((BlockStack, Int, Tensor) -> Void)?
    /// Applied to each block's output (after its feed-forward residual): h ← blockAdapter(stack, layer, h).
    /// The closure adds its own residual connection.
    public var blockAdapter: ((BlockStack, Int, Tensor) -> Tensor)?

    public init(inputPrompt: Tensor? = nil, encoderPrefixes: [AttentionPrefix]? = nil,
                decoderPrefixes: [AttentionPrefix]? = nil, crossPrefixes: [AttentionPrefix]? = nil,
                feedForwardObserver: ((BlockStack, Int, Tensor) -> Void)? = nil,
                blockAdapter: ((BlockStack, Int, Tensor) -> Tensor)? = nil) {
        (self.inputPrompt, self.encoderPrefixes) = (inputPrompt, encoderPrefixes)
        (self.decoderPrefixes, self.crossPrefixes) = (decoderPrefixes, crossPrefixes)
        (self.feedForwardObserver, self.blockAdapter) = (feedForwardObserver, blockAdapter)
    }
    public static var none: PromptInputs { PromptInputs() }

    /// The feed-forward observer bound to one block, for `FeedForward.callAsFunction`.
    func observer(_ stack: BlockStack, _ layer: Int) -> ((Tensor) -> Void)? {
        feedForwardObserver.map { observe in { observe(stack, layer, $0) } }
    }
    /// A block's output after the adapter; `h` itself (the same tensor) when there is none.
    func adapted(_ stack: BlockStack, _ layer: Int, _ h: Tensor) -> Tensor {
        blockAdapter?(stack, layer, h) ?? h
    }
}

/// Receives named intermediate tensors (block outputs, position bias, …) for inspection and
/// for comparison with the reference implementation.
public typealias Trace = (_ name: String, _ value: Tensor) -> Void

/// The encoder's output and the key mask cross-attention must apply.
public struct EncoderOutput {
    public let hidden: Tensor          // [B, S', d], S' includes any input prompt
    public let keyMask: Tensor?        // [B, 1, 1, S'] additive: 0 or the most negative Float
}

public enum T5Error: Error, CustomStringConvertible, Equatable {
    case raggedBatch(field: String, row: Int, length: Int, expected: Int)
    case tokenOutOfRange(field: String, row: Int, column: Int, id: Int, vocabulary: Int)
    case allLabelsIgnored
    public var description: String {
        switch self {
        case .raggedBatch(let f, let r, let l, let e): return "\(f)[\(r)] has \(l) entries, expected \(e) (rows must be padded to one length)"
        case .tokenOutOfRange(let f, let r, let c, let id, let v): return "\(f)[\(r)][\(c)] = \(id) is outside the vocabulary 0..<\(v)"
        case .allLabelsIgnored: return "every label is -100: the mean loss over no tokens is undefined (the reference returns NaN)"
        }
    }
}

/// The most negative finite Float: masked scores, as the reference adds (not -∞, so a fully
/// masked row gets uniform weights instead of NaN).
let maskedScore: Float = -Float.greatestFiniteMagnitude

extension T5Model {
    /// Additive key mask [B, 1, 1, S] from a 0/1 attention mask.
    static func keyMask(_ mask: [[Int]]) -> Tensor {
        Tensor(mask.flatMap { $0.map { $0 == 0 ? maskedScore : 0 } }, shape: [mask.count, 1, 1, mask[0].count])
    }

    func embed(_ ids: [[Int]]) -> Tensor {
        shared.gather(ids.flatMap { $0 }, indexShape: [ids.count, ids[0].count])   // [B, S, d]
    }

    // snippet.encoder
    public func encode(_ ids: [[Int]], attentionMask: [[Int]]? = nil, prompts: PromptInputs = .none,
                       dropout: DropoutContext? = nil, trace: Trace? = nil) -> EncoderOutput {
        var embeddings = embed(ids)
        trace?("encoder.embeddings", embeddings)
        var mask = attentionMask
        if let prompt = prompts.inputPrompt {   // prompt vectors first; the mask gets n ones
            // [n, d] serves every row; [B, n, d] gives each row its own (chapter 9's per-example prompts).
            let perRow = prompt.rank == 3
            precondition(!perRow || prompt.shape[0] == ids.count, "per-row prompt for \(prompt.shape[0]) rows, batch has \(ids.count)")
            let n = prompt.shape[perRow ? 1 : 0]
            let rows = perRow ? prompt : prompt.reshaped([1, n, -1]).expanded(batch: ids.count)
            embeddings = Tensor.concat([rows, embeddings], axis: 1)
            mask = (mask ?? ids.map { $0.map { _ in 1 } }).map { Array(repeating: 1, count: n) + $0 }
        }
        let length = embeddings.shape[1]
        let bias = RelativePosition.bias(table: encoder[0].selfAttention.relativeBias!, queries: length,
                                         keys: length, bidirectional: true, config: config)
        trace?("encoder.position_bias", bias)
        let keyMask = mask.map(T5Model.keyMask)
        var h = dropout.apply(embeddings)
        for (i, block) in encoder.enumerated() {
            let normed = h.rmsNorm(weight: block.selfAttentionNorm, eps: config.layerNormEpsilon)
            h = h + dropout.apply(block.selfAttention(normed, source: normed, bias: bias, mask: keyMask,
                                                      heads: config.numHeads, prefix: prompts.encoderPrefixes?[i],
                                                      dropout: dropout))
            h = h + dropout.apply(block.feedForward(h.rmsNorm(weight: block.feedForwardNorm, eps: config.layerNormEpsilon),
                                                    dropout: dropout, observe: prompts.observer(.encoder, i)))
            h = prompts.adapted(.encoder, i, h)
            trace?("encoder.block.\(i).output", h)
        }
        let out = dropout.apply(h.rmsNorm(weight: encoderFinalNorm, eps: config.layerNormEpsilon))
        trace?("encoder.output", out)
        return EncoderOutput(hidden: out, keyMask: keyMask)
    }
    // snippet.end

    // snippet.decoder
    /// Causal decoder bias [H, T, T]: relative position bias plus the mask hiding later keys.
    func decoderSelfBias(length: Int) -> Tensor {
        let bias = RelativePosition.bias(table: decoder[0].selfAttention.relativeBias!, queries: length,
                                         keys: length, bidirectional: false, config: config)
        var causal = [Float](repeating: 0, count: length * length)
        for q in 0..<length { for k in (q + 1)..<max(q + 1, length) { causal[q * length + k] = maskedScore } }
        return bias + Tensor(causal, shape: [length, length])
    }

    /// Decoder blocks over `ids` [B, T] (given in full: teacher forcing) → logits [B, T, vocab].
    public func decode(_ ids: [[Int]], encoder encoded: EncoderOutput, prompts: PromptInputs = .none,
                       dropout: DropoutContext? = nil, trace: Trace? = nil) -> Tensor {
        let selfBias = decoderSelfBias(length: ids[0].count)
        trace?("decoder.position_bias", selfBias)
        var h = dropout.apply(embed(ids))
        for (i, block) in decoder.enumerated() {
            h = decoderBlock(block, index: i, h, encoded, selfBias: selfBias, prompts: prompts, dropout: dropout)
            trace?("decoder.block.\(i).output", h)
        }
        return head(h, dropout: dropout, trace: trace)
    }

    func decoderBlock(_ block: DecoderBlock, index i: Int, _ x: Tensor, _ encoded: EncoderOutput, selfBias: Tensor,
                      prompts: PromptInputs, selfCache: KeyValueCache? = nil, crossCache: KeyValueCache? = nil,
                      dropout: DropoutContext?) -> Tensor {
        let eps = config.layerNormEpsilon
        var h = x
        let normed = h.rmsNorm(weight: block.selfAttentionNorm, eps: eps)
        h = h + dropout.apply(block.selfAttention(normed, source: normed, bias: selfBias, mask: nil, heads: config.numHeads,
                                                  prefix: prompts.decoderPrefixes?[i], cache: selfCache, dropout: dropout))
        h = h + dropout.apply(block.crossAttention(h.rmsNorm(weight: block.crossAttentionNorm, eps: eps),
                                                   source: encoded.hidden, bias: nil, mask: encoded.keyMask,
                                                   heads: config.numHeads, prefix: prompts.crossPrefixes?[i],
                                                   cache: crossCache, reuseCache: true, dropout: dropout))
        h = h + dropout.apply(block.feedForward(h.rmsNorm(weight: block.feedForwardNorm, eps: eps), dropout: dropout,
                                                observe: prompts.observer(.decoder, i)))
        return prompts.adapted(.decoder, i, h)
    }
    // snippet.end

    // snippet.head-and-loss
    /// Final norm, then the output head: tied heads scale by d^-1/2 first (see the loader rule).
    func head(_ h: Tensor, dropout: DropoutContext?, trace: Trace?) -> Tensor {
        var out = dropout.apply(h.rmsNorm(weight: decoderFinalNorm, eps: config.layerNormEpsilon))
        trace?("decoder.output", out)
        if config.scalesDecoderOutput { out = out * (1 / Float(config.dModel).squareRoot()) }
        return linear(out, lmHead ?? shared)
    }

    /// Mean cross-entropy over every non-ignored (≠ -100) label of the batch.
    public func loss(logits: Tensor, labels: [[Int]]) throws -> Tensor {
        let flat = labels.flatMap { $0 }
        guard flat.contains(where: { $0 != -100 }) else { throw T5Error.allLabelsIgnored }
        let rows = logits.reshaped([flat.count, config.vocabSize])
        // The fused kernel (chapter 2, "Making it fast") gives the same loss and gradient, faster.
        return Kernels.fused ? rows.fusedCrossEntropy(targets: flat) : rows.crossEntropy(targets: flat, ignoreIndex: -100)
    }

    /// Decoder inputs for teacher forcing: start token, then the labels shifted right by one,
    /// with -100 replaced by the pad id.
    public func shiftRight(_ labels: [[Int]]) -> [[Int]] {
        labels.map { row in [config.decoderStartTokenID] + row.dropLast().map { $0 == -100 ? config.padTokenID : $0 } }
    }
    // snippet.end

    /// Checks a batch's shape and ids before it reaches the model.
    public func validate(_ rows: [[Int]], field: String, allowIgnore: Bool = false) throws {
        guard let width = rows.first?.count else { return }
        for (r, row) in rows.enumerated() {
            guard row.count == width else { throw T5Error.raggedBatch(field: field, row: r, length: row.count, expected: width) }
            for (c, id) in row.enumerated() where !(allowIgnore && id == -100) && (id < 0 || id >= config.vocabSize) {
                throw T5Error.tokenOutOfRange(field: field, row: r, column: c, id: id, vocabulary: config.vocabSize)
            }
        }
    }
}
