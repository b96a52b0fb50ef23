// Where a soft prompt enters the frozen T5 (chapter 4). A shallow prompt is n vectors placed in
// front of the encoder's input embeddings; a deep prompt is a key/value prefix of n positions in
// every encoder self-attention and every decoder self-attention. The whole prompt is always one
// tensor, so stage 5 can put one mask of the same shape over it.

import T5
import Tensors

// snippet.prompt-layout
public enum PromptPlacement: String, Codable, CaseIterable, Sendable {
    /// n vectors before the input embeddings: [n, d_model].
    case shallow
    /// A key/value prefix of n positions per self-attention layer, encoder and decoder:
    /// [encoder layers + decoder layers, 2 (key, value), n, heads·d_kv].
    case deep
}

public struct PromptLayout: Codable, Equatable, Sendable {
    public let placement: PromptPlacement
    public let length: Int
    public let encoderLayers: Int, decoderLayers: Int
    /// d_model for a shallow prompt, heads·d_kv for a deep one.
    public let width: Int

    public init(_ placement: PromptPlacement, for config: T5Config, length: Int = 20) {
        self.placement = placement
        self.length = length
        (encoderLayers, decoderLayers) = (config.numLayers, config.decoderLayers)
        width = placement == .shallow ? config.dModel : config.innerDim
    }

    public var shape: [Int] {
        placement == .shallow ? [length, width] : [encoderLayers + decoderLayers, 2, length, width]
    }
    public var parameterCount: Int { shape.reduce(1, *) }

    /// The hooks stage 2's forward pass reads, cut from one prompt tensor of `shape`. Slices are
    /// differentiable, so the gradient of every layer's prefix lands in the one tensor.
    public func inputs(_ prompt: Tensor) -> PromptInputs {
        precondition(prompt.shape == shape, "prompt has shape \(prompt.shape), layout needs \(shape)")
        guard placement == .deep else { return PromptInputs(inputPrompt: prompt) }
        let rows = prompt.reshaped([-1, width])          // [(layers·2·n), width]
        func prefix(_ layer: Int) -> AttentionPrefix {
            let start = layer * 2 * length
            return AttentionPrefix(key: rows.slice(axis: 0, start..<(start + length)),
                                   value: rows.slice(axis: 0, (start + length)..<(start + 2 * length)))
        }
        return PromptInputs(encoderPrefixes: (0..<encoderLayers).map(prefix),
                            decoderPrefixes: (0..<decoderLayers).map { prefix(encoderLayers + $0) })
    }
}
// snippet.end

extension PromptLayout {
    /// The same layout with `length` positions (LPT's capacity expansion, chapter 6).
    public func withLength(_ length: Int) -> PromptLayout {
        PromptLayout(placement: placement, length: length, encoderLayers: encoderLayers, decoderLayers: decoderLayers, width: width)
    }

    init(placement: PromptPlacement, length: Int, encoderLayers: Int, decoderLayers: Int, width: Int) {
        (self.placement, self.length, self.encoderLayers, self.decoderLayers, self.width) =
            (placement, length, encoderLayers, decoderLayers, width)
    }

    /// Rows of `length` positions: one per (layer, key/value) for a deep prompt, one for a shallow one.
    public var blocks: Int { placement == .shallow ? 1 : 2 * (encoderLayers + decoderLayers) }
}
