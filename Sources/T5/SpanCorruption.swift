// T5's span-corruption objective (chapter 2; Raffel et al. 2020, §3.1.4): drop about 15% of the
// tokens in spans of mean length 3; the input keeps the rest with one sentinel per dropped span,
// and the target lists each sentinel followed by the tokens it replaced.

import Tensors

public struct SpanCorruption: Sendable {
    public var noiseDensity: Double = 0.15
    public var meanSpanLength: Double = 3
    /// Spans are marked with sentinels <extra_id_k> from this k on. UIE's extraction language
    /// reuses <extra_id_0>…<extra_id_7> as structure tokens, so pretraining leaves them alone
    /// and the structure tokens start without a masking meaning.
    public var firstSentinel = 8
    public init(noiseDensity: Double = 0.15, meanSpanLength: Double = 3, firstSentinel: Int = 8) {
        (self.noiseDensity, self.meanSpanLength, self.firstSentinel) = (noiseDensity, meanSpanLength, firstSentinel)
    }

    // snippet.noise-mask
    /// Which of `length` positions are noise: round(length·density) noise tokens in
    /// round(noise / meanSpan) spans, span lengths and gaps split at random, alternating
    /// kept, noise, kept, noise, … so spans never touch.
    public func noiseMask(length: Int, rng: inout SeededGenerator) -> [Bool] {
        guard length >= 2 else { return [Bool](repeating: false, count: length) }
        let noise = min(max(Int((Double(length) * noiseDensity).rounded()), 1), length - 1)
        let spans = max(Int((Double(noise) / meanSpanLength).rounded()), 1)
        let noiseLengths = SpanCorruption.randomSplit(noise, into: spans, rng: &rng)
        let keptLengths = SpanCorruption.randomSplit(length - noise, into: spans, rng: &rng)
        var mask: [Bool] = []
        for (kept, dropped) in zip(keptLengths, noiseLengths) {
            mask += [Bool](repeating: false, count: kept) + [Bool](repeating: true, count: dropped)
        }
        return mask
    }
    // snippet.end

    /// `total` split into `parts` positive integers, uniformly over the ways to cut.
    static func randomSplit(_ total: Int, into parts: Int, rng: inout SeededGenerator) -> [Int] {
        let parts = min(parts, total)
        var cuts = Set<Int>()
        while cuts.count < parts - 1 { cuts.insert(1 + rng.nextInt(below: total - 1)) }
        let points = [0] + cuts.sorted() + [total]
        return zip(points.dropFirst(), points).map { $0 - $1 }
    }

    /// (input ids, target ids) for one sequence of token ids (without `</s>`); both end in `</s>`.
    public func corrupt(_ tokens: [Int], vocabulary: Vocabulary, rng: inout SeededGenerator) -> (input: [Int], target: [Int]) {
        let mask = noiseMask(length: tokens.count, rng: &rng)
        var input: [Int] = [], target: [Int] = [], span = -1
        for (i, token) in tokens.enumerated() {
            if mask[i] {
                if i == 0 || !mask[i - 1] {
                    span += 1
                    let sentinel = vocabulary.sentinel(min(firstSentinel + span, vocabulary.sentinelCount - 1))
                    input.append(sentinel)
                    target.append(sentinel)
                }
                target.append(token)
            } else {
                input.append(token)
            }
        }
        return (input + [Vocabulary.eos], target + [Vocabulary.eos])
    }
}
