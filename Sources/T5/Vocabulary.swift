// A word-level vocabulary with T5's special tokens (chapter 2). The kit's data is generated
// from a closed set of words, so whole words are simpler than SentencePiece and lose nothing.
// Ids: <pad>=0, </s>=1, <unk>=2, then the masking sentinels <extra_id_0>…, then reserved tokens
// for later stages (SEL's structure markers such as <spot>, <asoc>), then words by frequency.

import Foundation

public enum VocabularyError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)
    /// The vocabulary does not fit the model it is loaded with (sizes or special ids differ).
    case modelMismatch(path: String, field: String, reason: String)
    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read vocabulary (\(r))"
        case .malformed(let p, let l, let r): return "\(p):\(l): \(r)"
        case .modelMismatch(let p, let f, let r): return "\(p): does not fit the model's config ('\(f)'): \(r)"
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
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw VocabularyError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try load(data, path: url.path)
    }

    static let headerPrefix = "# lpt vocabulary: sentinels "

    /// Parses a vocabulary file's bytes; `path` names them in errors, with the 1-based line.
    public static func load(_ data: Data, path: String) throws -> Vocabulary {
        guard let text = String(data: data, encoding: .utf8) else {
            throw VocabularyError.unreadable(path: path, reason: "not UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first, header.hasPrefix(headerPrefix),
              let sentinels = Int(header.dropFirst(headerPrefix.count)) else {
            throw VocabularyError.malformed(path: path, line: 1, reason: "expected '\(headerPrefix)N'")
        }
        let tokens = Array(lines.dropFirst())
        guard tokens.count >= 3, tokens[0] == "<pad>", tokens[1] == "</s>", tokens[2] == "<unk>" else {
            throw VocabularyError.malformed(path: path, line: 2, reason: "must start with <pad>, </s>, <unk> and the sentinels")
        }
        // The count comes from the file: compare it with the lines actually present (no sum that
        // could overflow), so "sentinels 9223372036854775807" is a clear error.
        guard sentinels >= 0, sentinels <= tokens.count - 3 else {
            throw VocabularyError.malformed(path: path, line: 1,
                reason: "sentinel count \(sentinels) does not fit the file's \(tokens.count) tokens (at most \(tokens.count - 3) after <pad>, </s>, <unk>)")
        }
        for i in 0..<sentinels where tokens[3 + i] != "<extra_id_\(i)>" {
            throw VocabularyError.malformed(path: path, line: i + 5, reason: "expected sentinel '<extra_id_\(i)>', found '\(tokens[3 + i])'")
        }
        var seen = Set<String>()
        for (i, t) in tokens.enumerated() {
            // Tokens come from `words`, which never keeps whitespace; a tab or a carriage return
            // (a file saved with CRLF) would make a token no text can ever produce.
            guard !t.isEmpty, !t.contains(where: \.isWhitespace) else {
                throw VocabularyError.malformed(path: path, line: i + 2, reason: "empty token or token with whitespace")
            }
            guard seen.insert(t).inserted else { throw VocabularyError.malformed(path: path, line: i + 2, reason: "duplicate token '\(t)'") }
        }
        return Vocabulary(tokens: tokens, sentinels: sentinels)
    }

    /// Checks that this vocabulary can drive a model of `config`: one embedding row per token
    /// (a longer vocabulary would index past the rows, a shorter one would leave rows no text
    /// reaches), and the model's pad and end ids are the vocabulary's. `path` names the vocabulary.
    public func check(against config: T5Config, path: String) throws {
        guard count == config.vocabSize else {
            throw VocabularyError.modelMismatch(path: path, field: "vocab_size",
                reason: "the vocabulary has \(count) tokens, the model has \(config.vocabSize) embedding rows")
        }
        for (field, id, expected) in [("pad_token_id", config.padTokenID, Vocabulary.pad),
                                      ("eos_token_id", config.eosTokenID, Vocabulary.eos)] where id != expected {
            throw VocabularyError.modelMismatch(path: path, field: field,
                reason: "the model uses id \(id), the vocabulary puts \(tokens[expected]) at \(expected)")
        }
    }
}
