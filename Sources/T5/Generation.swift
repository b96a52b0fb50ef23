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
            var encoded = encode(ids, attentionMask: attentionMask, prompts: prompts)
            var sequences = ids.map { _ in [config.decoderStartTokenID] }
            var active = Array(ids.indices)   // the rows still writing, as indices into `ids`
            let selfCaches = decoder.map { _ in KeyValueCache() }, crossCaches = decoder.map { _ in KeyValueCache() }
            for step in 0..<maxNewTokens where !active.isEmpty {
                let logits: Tensor   // [active rows, vocab] for the newest position
                if useCache {
                    let bias = RelativePosition.bias(table: decoder[0].selfAttention.relativeBias!, queries: 1,
                                                     keys: step + 1, queryStart: step, bidirectional: false, config: config)
                    var h = embed(active.map { [sequences[$0].last!] })
                    for (i, block) in decoder.enumerated() {
                        h = decoderBlock(block, index: i, h, encoded, selfBias: bias, prompts: prompts,
                                         selfCache: selfCaches[i], crossCache: crossCaches[i], dropout: nil)
                    }
                    logits = head(h, dropout: nil, trace: nil).reshaped([active.count, -1])
                } else {
                    let full = decode(sequences, encoder: encoded, prompts: prompts)   // [B, t+1, vocab]
                    logits = full.slice(axis: 1, step..<(step + 1)).reshaped([ids.count, -1]).rows(active)
                }
                let next = pick(logits, rows: active, sequences: sequences, constraint: constraint)
                for (r, b) in active.enumerated() { sequences[b].append(next[r]) }
                let writing = active.indices.filter { next[$0] != config.eosTokenID }
                if writing.count < active.count {
                    // A finished row leaves the batch: the cached path computes only rows that write.
                    if useCache { keepRows(writing, of: &encoded, caches: selfCaches + crossCaches) }
                    active = writing.map { active[$0] }
                }
                for b in sequences.indices where sequences[b].count < step + 2 { sequences[b].append(config.padTokenID) }
            }
            return sequences
        }
    }
    // snippet.end

    /// Keeps rows `rows` (indices into the current batch) of the encoder output and of every
    /// cache. Row results do not depend on the other rows, so this changes no token (a
    /// feed-forward observer sees only the rows still writing).
    func keepRows(_ rows: [Int], of encoded: inout EncoderOutput, caches: [KeyValueCache]) {
        encoded = EncoderOutput(hidden: encoded.hidden.rows(rows), keyMask: encoded.keyMask?.rows(rows))
        for cache in caches {
            cache.key = cache.key?.rows(rows)
            cache.value = cache.value?.rows(rows)
        }
    }

    /// Argmax per row, over the allowed tokens only when a constraint gives a list. Row r of
    /// `logits` belongs to example `rows[r]`.
    func pick(_ logits: Tensor, rows: [Int], sequences: [[Int]], constraint: TokenConstraint?) -> [Int] {
        guard let constraint else { return logits.argmaxLastAxis() }
        let vocab = logits.shape[1]
        return rows.enumerated().map { r, b in
            let row = logits.data[(r * vocab)..<((r + 1) * vocab)]
            guard let allowed = constraint(b, Array(sequences[b].dropFirst())), !allowed.isEmpty else {
                return row.indices.max { row[$0] < row[$1] }! - r * vocab
            }
            return allowed.max { row[r * vocab + $0] < row[r * vocab + $1] }!
        }
    }
}
