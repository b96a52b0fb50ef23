// Constrained decoding for SEL (chapter 3): at each step the decoder may only
// choose what the grammar allows. Record and association labels come from a prefix tree of the
// schema's names, spans must continue a copy of a contiguous piece of the sentence (or be the
// null span), and brackets open and close where the grammar permits. As in UIE, any association
// label may follow any record label.

import T5

public struct SELGrammar: Sendable {
    let open: Int, close: Int, colon: Int, nullSpan: Int
    let recordTrie: LabelTrie, associationTrie: LabelTrie

    public init(vocabulary: Vocabulary, recordLabels: [String], associationLabels: [String]) {
        open = vocabulary.id(SELToken.open); close = vocabulary.id(SELToken.close)
        colon = vocabulary.id(SELToken.colon); nullSpan = vocabulary.id(SELToken.nullSpan)
        recordTrie = LabelTrie(recordLabels.map { vocabulary.encode($0, addEOS: false) })
        associationTrie = LabelTrie(associationLabels.map { vocabulary.encode($0, addEOS: false) })
    }

    // snippet.constraint
    /// The tokens allowed after `prefix` for a sentence whose token ids are `text`.
    public func allowed(prefix: [Int], text: [Int]) -> [Int] {
        // Replay the prefix: depth 0 = outside, 1 = inside the outer bracket, 2 = in a record,
        // 3 = in an association. In a record or association we are either reading a label
        // (tokens since the open bracket) or a span (tokens since the colon).
        var depth = 0, label: [Int] = [], span: [Int] = [], inSpan = false
        for token in prefix {
            if token == open {
                depth += 1; label = []; span = []; inSpan = false
            } else if token == close {
                depth -= 1; inSpan = depth >= 2; span = [-1]   // back in a record: only brackets may follow
            } else if token == colon {
                inSpan = true; span = []
            } else if inSpan { span.append(token) } else { label.append(token) }
        }
        switch depth {
        case 0: return prefix.isEmpty ? [open] : [Vocabulary.eos]
        case 1: return [open, close]
        default:
            if !inSpan {
                let trie = depth == 2 ? recordTrie : associationTrie
                var next = trie.continuations(of: label)
                if trie.isComplete(label) { next.append(colon) }
                return next.isEmpty ? [close] : next
            }
            if span == [-1] { return depth == 2 ? [open, close] : [close] }
            var next = span.isEmpty ? Array(Set(text)).sorted() + [nullSpan] : continuations(of: span, in: text)
            if !span.isEmpty {
                if depth == 2 { next.append(open) }   // an association may start after the record's span
                next.append(close)
            }
            return next
        }
    }
    // snippet.end

    /// Tokens that follow an occurrence of `span` in `text`.
    func continuations(of span: [Int], in text: [Int]) -> [Int] {
        if span == [nullSpan] { return [] }
        var next = Set<Int>()
        if span.count < text.count {
            for start in 0...(text.count - span.count) where Array(text[start..<(start + span.count)]) == span {
                if start + span.count < text.count { next.insert(text[start + span.count]) }
            }
        }
        return next.sorted()
    }

    /// A constraint for `greedyDecode`: example b copies from `texts[b]` (the sentence's ids
    /// without the schema prompt and without `</s>`).
    public func constraint(texts: [[Int]]) -> TokenConstraint {
        { example, prefix in self.allowed(prefix: prefix, text: texts[example]) }
    }
}

/// A prefix tree of label token sequences.
struct LabelTrie: Sendable {
    let labels: [[Int]]
    init(_ labels: [[Int]]) { self.labels = labels.filter { !$0.isEmpty } }
    func continuations(of prefix: [Int]) -> [Int] {
        var next = Set<Int>()
        for l in labels where l.count > prefix.count && Array(l.prefix(prefix.count)) == prefix { next.insert(l[prefix.count]) }
        return next.sorted()
    }
    func isComplete(_ prefix: [Int]) -> Bool { labels.contains(prefix) }
}
