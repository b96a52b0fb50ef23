// From generated SEL text back to records (chapter 3). The model's output is
// untrusted: it may be empty, unbalanced, nested 10,000 deep or full of stray special tokens, so
// every step below defines what happens on malformed input and nothing recurses or force-unwraps.
// Steps: split → cut at the first complete structure → repair missing closers → read the
// records (depth 2) and their associations (depth 3) → filter labels and spans.

import Foundation

/// How the bracket structure of one generated string was judged (UIE's parser counters).
public enum ParseStatus: String, Sendable, CaseIterable {
    case wellFormed = "well-formed"
    case fixed
    case illFormed = "ill-formed"
}

/// The result of parsing one generated string.
public struct SELParse: Equatable, Sendable {
    public var records: [ParsedRecord]
    public var status: ParseStatus
    public init(records: [ParsedRecord], status: ParseStatus) { (self.records, self.status) = (records, status) }
}

/// Counts of each `ParseStatus` over a test set.
public struct ParserCounters: Equatable, Sendable {
    public var wellFormed = 0, fixed = 0, illFormed = 0
    public init(wellFormed: Int = 0, fixed: Int = 0, illFormed: Int = 0) {
        (self.wellFormed, self.fixed, self.illFormed) = (wellFormed, fixed, illFormed)
    }
    public mutating func add(_ status: ParseStatus) {
        switch status {
        case .wellFormed: wellFormed += 1
        case .fixed: fixed += 1
        case .illFormed: illFormed += 1
        }
    }
}

public struct SELParser: Sendable {
    public let recordLabels: Set<String>
    public let associationLabels: Set<String>

    public init(recordLabels: [String], associationLabels: [String]) {
        (self.recordLabels, self.associationLabels) = (Set(recordLabels), Set(associationLabels))
    }

    /// The label filter is line 1 (record labels) and line 2 (association labels) of record.schema.
    public init(schema: Schema) { self.init(recordLabels: schema.types, associationLabels: schema.roles) }

    /// Parses `generated` (one model output) against the sentence `text` it was generated for.
    public func parse(_ generated: String, text: String) -> SELParse {
        let (words, status) = SELParser.structureWords(generated)
        guard status != .illFormed else { return SELParse(records: [], status: .illFormed) }
        var records: [ParsedRecord] = []
        for raw in SELParser.rawRecords(words) {
            guard let (label, span) = accept(raw.words, labels: recordLabels, text: text) else { continue }
            var record = ParsedRecord(label: label, span: span)
            for asocWords in raw.associations {
                // §5.7: any association label is accepted under any record type (UIE quirk, kept).
                if let (asocLabel, asocSpan) = accept(asocWords, labels: associationLabels, text: text) {
                    record.associations.append(ParsedAssociation(label: asocLabel, span: asocSpan))
                }
            }
            records.append(record)
        }
        return SELParse(records: records, status: status)
    }

    /// §5.5–5.6: reads label and span, then keeps them only if the label is in `labels`, the span
    /// is not the null span `<extra_id_6>`, and the span (after `<unk>` repair) is a *character*
    /// substring of the sentence. A non-token-aligned span such as "ohn Smi" passes here (§5 table).
    func accept(_ words: [String], labels: Set<String>, text: String) -> (String, String)? {
        let (label, rawSpan) = SELParser.labelAndSpan(words)
        guard labels.contains(label), rawSpan != SELToken.nullSpan else { return nil }
        let span = UnknownRepair.repair(rawSpan, in: text)
        guard UnknownRepair.isSubstring(span, of: text) else { return nil }
        return (label, span)
    }

    // MARK: steps 1-4

    // snippet.structure
    /// Steps 1–3: the words of the first complete structure, with missing closers appended.
    /// `.illFormed` (and no words) when there is no structure or it does not start with an opener.
    static func structureWords(_ generated: String) -> ([String], ParseStatus) {
        let all = splitWords(generated)
        // Step 1: text before the first special token is discarded.
        guard let first = all.firstIndex(where: isSpecial), all[first] == SELToken.open else { return ([], .illFormed) }
        // Step 2: keep up to the word where the depth first returns to 0; the ignored tail does not
        // change the status. A leading closer (or any other special token first) cannot form a
        // tree, so it is ill-formed (step 4).
        var depth = 0, kept: [String] = []
        for word in all[first...] {
            kept.append(word)
            if word == SELToken.open { depth += 1 } else if word == SELToken.close { depth -= 1 }
            if depth == 0 { return (kept, .wellFormed) }
        }
        // Step 3: more openers than closers; append the missing ones and count it as fixed.
        kept += Array(repeating: SELToken.close, count: depth)
        return (kept, .fixed)
    }
    // snippet.end

    /// The words directly inside one record, and the words directly inside each association.
    struct RawRecord { var words: [String] = []; var associations: [[String]] = [] }

    /// Step 4 without recursion: the structure is read with a depth counter. Depth 1 is the root
    /// (its own words are ignored), depth 2 a record, depth 3 an association; deeper brackets and
    /// their words are ignored (§5.7). Words after a nested association still belong to the record.
    static func rawRecords(_ words: [String]) -> [RawRecord] {
        var records: [RawRecord] = [], depth = 0
        for word in words {
            if word == SELToken.open {
                depth += 1
                if depth == 2 { records.append(RawRecord()) }
                if depth == 3, !records.isEmpty { records[records.count - 1].associations.append([]) }
            } else if word == SELToken.close {
                depth -= 1
            } else if depth == 2, !records.isEmpty {
                records[records.count - 1].words.append(word)
            } else if depth == 3, !records.isEmpty, !records[records.count - 1].associations.isEmpty {
                let r = records.count - 1
                records[r].associations[records[r].associations.count - 1].append(word)
            }
        }
        return records
    }

    /// §5.5: the label is the first word; label and words are joined and split at `<extra_id_5>`.
    /// One colon: both sides, trimmed. None: first word / rest (a multi-word label is cut to its
    /// first word). Two or more: first word / rest, so the span keeps a literal `<extra_id_5>`.
    static func labelAndSpan(_ words: [String]) -> (String, String) {
        let colons = words.indices.filter { words[$0] == SELToken.colon }
        if colons.count == 1, let c = colons.first {
            return (words[..<c].joined(separator: " "), words[(c + 1)...].joined(separator: " "))
        }
        guard let head = words.first else { return ("", "") }
        return (head, words.dropFirst().joined(separator: " "))
    }

    // MARK: step 1, splitting

    /// Splits on whitespace, making every `<extra_id_N>` its own word even without spaces around
    /// it: "<extra_id_0><extra_id_0>person<extra_id_5>John" → 5 words.
    static func splitWords(_ s: String) -> [String] {
        var words: [String] = [], pending = ""
        func flush() {
            words += pending.split(whereSeparator: \.isWhitespace).map(String.init)
            pending = ""
        }
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "<", let end = sentinelEnd(scalars, from: i) {
                flush()
                words.append(String(String.UnicodeScalarView(scalars[i..<end])))
                i = end
            } else {
                pending.unicodeScalars.append(scalars[i])
                i += 1
            }
        }
        flush()
        return words
    }

    /// The index after `<extra_id_<digits>>` starting at `start`, or nil.
    static func sentinelEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        let prefix = Array("<extra_id_".unicodeScalars)
        guard start + prefix.count < s.count, Array(s[start..<(start + prefix.count)]) == prefix else { return nil }
        var j = start + prefix.count
        while j < s.count, ("0"..."9").contains(s[j]) { j += 1 }
        guard j > start + prefix.count, j < s.count, s[j] == ">" else { return nil }
        return j + 1
    }

    static func isSpecial(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        return sentinelEnd(scalars, from: 0) == scalars.count
    }
}

/// §5.6: "a span containing the unknown token is first repaired against the text". The kit's
/// vocabulary is word-level, so `<unk>` stands for a word it could not spell. The kit's repair
/// (its own choice; UIE's differs in detail): each `<unk>` is a wildcard for a non-empty run of
/// non-whitespace characters, and the span becomes the leftmost, then longest, piece of the text
/// that matches (so a trailing `<unk>` covers the rest of its word). "John <unk> Smith" in
/// "John Q. Smith met" → "John Q. Smith". No match: the span is kept and fails the substring test.
enum UnknownRepair {
    static let unknown = "<unk>"

    static func repair(_ span: String, in text: String) -> String {
        guard span.contains(unknown) else { return span }
        let pieces = span.components(separatedBy: unknown).map { Array($0.unicodeScalars) }
        let t = Array(text.unicodeScalars)
        // startAt[e] = the earliest start of a partial match that ends just before index e.
        // Matching all starts at once keeps this O(pieces · text · word length), with no backtracking.
        var startAt = [Int?](repeating: nil, count: t.count + 1)
        for s in 0...t.count where occurs(pieces[0], in: t, at: s) { startAt[s + pieces[0].count] = s }
        for piece in pieces.dropFirst() {
            var next = [Int?](repeating: nil, count: t.count + 1)
            for p in 0...t.count {
                guard let start = startAt[p] else { continue }
                var q = p
                while q < t.count, !t[q].properties.isWhitespace {
                    q += 1   // the wildcard covers t[p..<q]
                    if occurs(piece, in: t, at: q) { next[q + piece.count] = min(next[q + piece.count] ?? Int.max, start) }
                }
            }
            startAt = next
        }
        var best: (start: Int, end: Int)?
        for e in 0...t.count {
            if let s = startAt[e], s <= (best?.start ?? Int.max) { best = (s, e) }   // ascending e: longest wins ties
        }
        guard let best else { return span }
        return String(String.UnicodeScalarView(t[best.start..<best.end]))
    }

    static func occurs(_ piece: [Unicode.Scalar], in t: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + piece.count <= t.count else { return false }
        for k in piece.indices where t[i + k] != piece[k] { return false }
        return true
    }

    /// Python's `span in text`: code-point substring, and the empty span is in every text.
    static func isSubstring(_ span: String, of text: String) -> Bool {
        let s = Array(span.utf8), t = Array(text.utf8)
        guard !s.isEmpty else { return true }
        guard s.count <= t.count else { return false }
        for i in 0...(t.count - s.count) where t[i] == s[0] && Array(t[i..<(i + s.count)]) == s { return true }
        return false
    }
}
