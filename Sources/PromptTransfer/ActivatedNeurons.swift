// ON, the activated-neuron indicator of Su et al. (NAACL 2022), as their released code computes
// it for T5 and as the kit follows it: the model is given the prompt and nothing else, one
// sentinel token as the encoder's whole input (no sentence, no schema: the prompt alone decides
// what lights up), and the decoder takes a single step from its start token. At that step every
// decoder block's feed-forward neuron is either on (its input to the ReLU is positive) or off.
// The on/off pattern over all decoder blocks is the prompt's fingerprint, and two prompts are
// compared by the cosine of their binary patterns, |A ∩ B| / √(|A|·|B|).
//
// Where the kit follows and where it cannot: the official code hooks T5's decoder blocks before
// the ReLU and keeps x > 0; the kit's observer sees the output of the ReLU, and ReLU(x) > 0
// exactly when x > 0, so the patterns are the same. The official code also reports the cosine
// over windows of three consecutive layers of a 12-layer decoder; the tiny backbone has two
// decoder blocks, so its only window is all of them. Chapter 7's signature (NeuronSignature)
// is a different measure under the same name in the literature: encoder blocks, real task
// data, the top 10% by mean activation, and Jaccard instead of cosine. The study computes both.

import T5
import Tensors

// snippet.activation-pattern
public struct ActivationPattern: Equatable, Sendable {
    /// Decoder blocks and neurons per block (d_ff): neuron n of block l is entry l·width + n.
    public let blocks: Int, width: Int
    public let on: [Bool]

    public init(blocks: Int, width: Int, on: [Bool]) {
        precondition(on.count == blocks * width, "\(on.count) entries for \(blocks) blocks of \(width)")
        (self.blocks, self.width, self.on) = (blocks, width, on)
    }

    /// Cosine of the two binary patterns: shared active neurons over the geometric mean of the
    /// two active counts. 1 when neither prompt switches anything on, 0 when only one does.
    public func cosine(_ other: ActivationPattern) -> Double {
        precondition(on.count == other.on.count, "patterns of \(on.count) and \(other.on.count) neurons")
        var (shared, mine, theirs) = (0, 0, 0)
        for (a, b) in zip(on, other.on) {
            if a { mine += 1 }
            if b { theirs += 1 }
            if a && b { shared += 1 }
        }
        if mine == 0 || theirs == 0 { return mine == theirs ? 1 : 0 }
        return Double(shared) / (Double(mine) * Double(theirs)).squareRoot()
    }

    /// The pattern `prompts` alone produce: encoder input [sentinel], one decoder step.
    public static func record(model: T5Model, prompts: PromptInputs, sentinel: Int) -> ActivationPattern {
        let width = model.config.dFF, blocks = model.config.decoderLayers
        var on = [Bool](repeating: false, count: blocks * width)
        var hooked = prompts
        hooked.feedForwardObserver = { stack, layer, activations in   // [1, 1, d_ff], after the ReLU
            guard stack == .decoder else { return }
            for n in 0..<width { on[layer * width + n] = activations.data[n] > 0 }
        }
        withNoGrad {
            let encoded = model.encode([[sentinel]], prompts: hooked)
            _ = model.decode([[model.config.decoderStartTokenID]], encoder: encoded, prompts: hooked)
        }
        return ActivationPattern(blocks: blocks, width: width, on: on)
    }
}
// snippet.end
