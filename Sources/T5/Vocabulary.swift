// A word-level vocabulary with T5's special tokens (chapter 2). The kit's data is generated
// from a closed set of words, so whole words are simpler than SentencePiece and lose nothing.
// Ids: <pad>=0, </s>=1, <unk>=2, then the masking sentinels <extra_id_0>…, then reserved tokens
// for later stages (SEL's structure markers such as <spot>, <asoc>), then words by frequency.

import Foundation

public enum VocabularyError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)
    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read vocabulary (\(r))"
        case .malformed(let p, let l, let r): return "\(p):\(l): \(r)"
        }
    }
}

public struct Vocabulary: Equatable, Sendable {
    public static let pad = 0, eos = 1, unknown = 2
    public private(set) var tokens: [String]
    private var ids: [String: Int]
    public let sentinelCount: Int

    public var count: Int { tokens.count }

    /// Builds a vocabulary from a corpus: special tokens, `sentinels` masking sentinels, the
    /// `reserved` tokens, then every word seen at least `minCount` times, most frequent first
    /// (ties alphabetical), up to `maxSize` entries in all. Deterministic.
    public init(corpus: [String], sentinels: Int = 32, reserved: [String] = [], minCount: Int = 1, maxSize: Int = .max) {
        var counts: [String: Int] = [:]
        for line in corpus { for word in Vocabulary.words(line) { counts[word, default: 0] += 1 } }
        var tokens = ["<pad>", "</s>", "<unk>"] + (0..<sentinels).map { "<extra_id_\($0)>" } + reserved
        let fixed = Set(tokens)
        let words = counts.filter { $0.value >= minCount && !fixed.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        tokens += words.prefix(max(0, maxSize - tokens.count))
        self.init(tokens: tokens, sentinels: sentinels)
    }

    init(tokens: [String], sentinels: Int) {
        self.tokens = tokens
        self.sentinelCount = sentinels
        ids = Dictionary(tokens.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Splits text into words: runs of letters/digits (with inner apostrophes, hyphens or
    /// periods, as in "don't", "re-use", "3.5"), each other non-space character alone, and
    /// <…> markers whole.
    public static func words(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        var chars = Array(text)[...]
        func flush() { if !current.isEmpty { out.append(current); current = "" } }
        while let c = chars.first {
            if c == "<", let close = chars.firstIndex(of: ">"), !chars[chars.startIndex..<close].contains(" ") {
                flush(); out.append(String(chars[chars.startIndex...close])); chars = chars[(close + 1)...]; continue
            }
            chars = chars.dropFirst()
            if c.isLetter || c.isNumber {
                current.append(c)
            } else if (c == "'" || c == "-" || c == "."), !current.isEmpty, let next = chars.first, next.isLetter || next.isNumber {
                current.append(c)
            } else {
                flush()
                if !c.isWhitespace { out.append(String(c)) }
            }
        }
        flush()
        return out
    }

    public func id(_ token: String) -> Int { ids[token] ?? Vocabulary.unknown }
    public func contains(_ token: String) -> Bool { ids[token] != nil }
    public func sentinel(_ i: Int) -> Int {
        precondition(i < sentinelCount, "only \(sentinelCount) sentinels")
        return 3 + i
    }

    /// Token ids of `text`, with `</s>` appended when `addEOS`.
    public func encode(_ text: String, addEOS: Bool = true) -> [Int] {
        Vocabulary.words(text).map(id) + (addEOS ? [Vocabulary.eos] : [])
    }

    /// Text of `ids`, stopping at `</s>` and skipping padding.
    public func decode(_ ids: [Int]) -> String {
        var words: [String] = []
        for i in ids {
            if i == Vocabulary.eos { break }
            if i == Vocabulary.pad { continue }
            words.append(i >= 0 && i < tokens.count ? tokens[i] : "<unk>")
        }
        return words.joined(separator: " ")
    }

    /// One token per line; the line number (from 0) is the id. Written atomically.
    public func save(_ url: URL) throws {
        let header = "# lpt vocabulary: sentinels \(sentinelCount)\n"
        try AtomicWrite.write(Data((header + tokens.joined(separator: "\n") + "\n").utf8), to: url)
    }

    public static func load(_ url: URL) throws -> Vocabulary {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw VocabularyError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first, header.hasPrefix("# lpt vocabulary: sentinels "),
              let sentinels = Int(header.dropFirst("# lpt vocabulary: sentinels ".count)) else {
            throw VocabularyError.malformed(path: url.path, line: 1, reason: "expected '# lpt vocabulary: sentinels N'")
        }
        let tokens = Array(lines.dropFirst())
        guard tokens.count >= 3 + sentinels, tokens[0] == "<pad>", tokens[1] == "</s>", tokens[2] == "<unk>" else {
            throw VocabularyError.malformed(path: url.path, line: 2, reason: "must start with <pad>, </s>, <unk> and the sentinels")
        }
        var seen = Set<String>()
        for (i, t) in tokens.enumerated() {
            guard !t.isEmpty, !t.contains(" ") else { throw VocabularyError.malformed(path: url.path, line: i + 2, reason: "empty or spaced token") }
            guard seen.insert(t).inserted else { throw VocabularyError.malformed(path: url.path, line: i + 2, reason: "duplicate token '\(t)'") }
        }
        return Vocabulary(tokens: tokens, sentinels: sentinels)
    }
}
