// Greedy decoding with a key/value cache (chapter 2). Each step feeds only the newest token:
// self-attention appends its key and value to the cache, cross-attention reuses the encoder's,
// and the position bias row is that of absolute position t. The result equals decoding without
// a cache (re-running the whole prefix every step), which the tests check token for token.
// Every prompt hook (prefixes, block adapters, feed-forward observers) acts inside `decoderBlock`,
// shared with teacher forcing, so a hooked model generates what its teacher-forced argmax says.

import Tensors

/// Restricts the next token: given the example index and the tokens so far (after the start
/// token), returns the allowed ids, or nil for no restriction. Stage 3's constrained decoding.
public typealias TokenConstraint = (_ example: Int, _ prefix: [Int]) -> [Int]?

extension T5Model {
    // snippet.greedy
    /// Greedy decoding: sequences start with the decoder start token and stop at `</s>` or after
    /// `maxNewTokens`; finished sequences are padded with the pad id, as the reference does.
    public func greedyDecode(_ ids: [[Int]], attentionMask: [[Int]]? = nil, maxNewTokens: Int,
                             prompts: PromptInputs = .none, useCache: Bool = true,
                             constraint: TokenConstraint? = nil) -> [[Int]] {
        withNoGrad {
            let encoded = encode(ids, attentionMask: attentionMask, prompts: prompts)
            var sequences = ids.map { _ in [config.decoderStartTokenID] }
            var finished = ids.map { _ in false }
            let selfCaches = decoder.map { _ in KeyValueCache() }, crossCaches = decoder.map { _ in KeyValueCache() }
            for step in 0..<maxNewTokens where finished.contains(false) {
                let logits: Tensor   // [B, vocab] for the newest position
                if useCache {
                    let bias = RelativePosition.bias(table: decoder[0].selfAttention.relativeBias!, queries: 1,
                                                     keys: step + 1, queryStart: step, bidirectional: false, config: config)
                    var h = embed(sequences.map { [$0.last!] })
                    for (i, block) in decoder.enumerated() {
                        h = decoderBlock(block, index: i, h, encoded, selfBias: bias, prompts: prompts,
                                         selfCache: selfCaches[i], crossCache: crossCaches[i], dropout: nil)
                    }
                    logits = head(h, dropout: nil, trace: nil).reshaped([ids.count, -1])
                } else {
                    let full = decode(sequences, encoder: encoded, prompts: prompts)   // [B, t+1, vocab]
                    logits = full.slice(axis: 1, step..<(step + 1)).reshaped([ids.count, -1])
                }
                let next = pick(logits, sequences: sequences, constraint: constraint)
                for b in sequences.indices {
                    sequences[b].append(finished[b] ? config.padTokenID : next[b])
                    if next[b] == config.eosTokenID { finished[b] = true }
                }
            }
            return sequences
        }
    }
    // snippet.end

    /// Argmax per row, over the allowed tokens only when a constraint gives a list.
    func pick(_ logits: Tensor, sequences: [[Int]], constraint: TokenConstraint?) -> [Int] {
        guard let constraint else { return logits.argmaxLastAxis() }
        let vocab = logits.shape[1]
        return sequences.indices.map { b in
            let row = logits.data[(b * vocab)..<((b + 1) * vocab)]
            guard let allowed = constraint(b, Array(sequences[b].dropFirst())), !allowed.isEmpty else {
                return row.indices.max { row[$0] < row[$1] }! - b * vocab
            }
            return allowed.max { row[b * vocab + $0] < row[b * vocab + $1] }!
        }
    }
}
