// Reading and writing UIE's JSON-lines dataset files and prediction files (chapter 3).
// Every bad line is an error naming the file, its 1-based line and the field
// (e.g. `entity[1].offset`): nothing is skipped silently, because a skipped gold line would
// quietly change every score computed against the file.

import Diagrams
import Foundation
import T5

public enum DatasetIO {
    // MARK: dataset files

    public static func readExamples(_ url: URL) throws -> [UIEExample] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SELDataError.unreadable(path: url.path) }
        return try parseExamples(text, path: url.path)
    }

    /// One example per line. Blank lines may only trail the last example.
    public static func parseExamples(_ text: String, path: String) throws -> [UIEExample] {
        let all = lines(of: text)
        let isBlank = { (line: String) in line.allSatisfy(\.isWhitespace) }
        guard let last = all.lastIndex(where: { !isBlank($0) }) else { return [] }
        return try all[...last].enumerated().map { i, line in
            guard !isBlank(line) else {
                throw SELDataError.malformedLine(path: path, line: i + 1, field: "line", reason: "blank line before the end of the file")
            }
            return try decodeLine(line, path: path, line: i + 1)
        }
    }

    /// Decodes one line and checks it against its own tokens.
    public static func decodeLine(_ text: String, path: String, line: Int) throws -> UIEExample {
        func fail(_ field: String, _ reason: String) -> SELDataError {
            .malformedLine(path: path, line: line, field: field, reason: reason)
        }
        let example: UIEExample
        do { example = try JSONDecoder().decode(UIEExample.self, from: Data(text.utf8)) } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context): throw fail(fieldName(context.codingPath + [key]), "is missing")
            case .valueNotFound(_, let context): throw fail(fieldName(context.codingPath), "is null")
            case .typeMismatch(_, let context): throw fail(fieldName(context.codingPath), context.debugDescription)
            case .dataCorrupted(let context) where !context.codingPath.isEmpty:
                throw fail(fieldName(context.codingPath), context.debugDescription)
            case .dataCorrupted:
                if let field = nonIntegerOffset(in: text) { throw fail(field, "is not an integer") }
                throw fail("JSON", "not a valid JSON object")
            @unknown default: throw fail("JSON", "\(error)")
            }
        }
        try validate(example, fail: fail)
        return example
    }

    /// `entity[0].offset[2]` from a decoding path.
    static func fieldName(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "JSON" }
        var name = ""
        for key in path {
            if let i = key.intValue { name += "[\(i)]" } else { name += (name.isEmpty ? "" : ".") + key.stringValue }
        }
        return name
    }

    /// Linux Foundation reports a number that does not fit `Int` (1.5, 1e20) as "not valid JSON"
    /// with no coding path; this finds the offset it came from, so the error still names a field.
    static func nonIntegerOffset(in text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        func list(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }
        var offsets: [(String, Any?)] = []
        for (i, e) in list(object["entity"]).enumerated() { offsets.append(("entity[\(i)].offset", e["offset"])) }
        for (i, r) in list(object["relation"]).enumerated() {
            for (j, a) in list(r["args"]).enumerated() { offsets.append(("relation[\(i)].args[\(j)].offset", a["offset"])) }
        }
        for (i, e) in list(object["event"]).enumerated() {
            offsets.append(("event[\(i)].offset", e["offset"]))
            for (j, a) in list(e["args"]).enumerated() { offsets.append(("event[\(i)].args[\(j)].offset", a["offset"])) }
        }
        for (field, value) in offsets {
            for (k, x) in ((value as? [Any]) ?? []).enumerated() {
                if let n = x as? NSNumber, Int(exactly: n.doubleValue) == nil { return "\(field)[\(k)]" }
            }
        }
        return nil
    }

    /// The checks JSON types cannot express: `text` is the tokens joined by single spaces (or with
    /// no separator, as in Chinese data), every offset indexes `tokens`, and every span's `text`
    /// is the tokens at its offsets. A relation has exactly two arguments, head first.
    static func validate(_ e: UIEExample, fail: (String, String) -> SELDataError) throws {
        func joins(_ words: [String], _ text: String) -> Bool {
            words.joined(separator: " ") == text || words.joined() == text
        }
        guard joins(e.tokens, e.text) else { throw fail("text", "is not the tokens joined by single spaces") }
        func check(_ field: String, _ offset: [Int], _ text: String) throws {
            guard !offset.isEmpty else { throw fail("\(field).offset", "is empty") }
            if let bad = offset.first(where: { !e.tokens.indices.contains($0) }) {
                throw fail("\(field).offset", "index \(bad) is outside the \(e.tokens.count) tokens")
            }
            guard joins(offset.map { e.tokens[$0] }, text) else {
                throw fail("\(field).text", "\"\(text)\" is not the tokens at its offset")
            }
        }
        for (i, x) in e.entity.enumerated() { try check("entity[\(i)]", x.offset, x.text) }
        for (i, r) in e.relation.enumerated() {
            guard r.args.count == 2 else { throw fail("relation[\(i)].args", "has \(r.args.count) arguments, expected 2 (head, tail)") }
            for (j, a) in r.args.enumerated() { try check("relation[\(i)].args[\(j)]", a.offset, a.text) }
        }
        for (i, ev) in e.event.enumerated() {
            try check("event[\(i)]", ev.offset, ev.text)
            for (j, a) in ev.args.enumerated() { try check("event[\(i)].args[\(j)]", a.offset, a.text) }
        }
    }

    /// One compact JSON object with UIE's field names, keys sorted (reproducible files).
    public static func encodeLine(_ example: UIEExample) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(example), as: UTF8.self)
    }

    /// Writes one line per example, atomically (a crash never leaves half a file).
    public static func writeExamples(_ examples: [UIEExample], to url: URL) throws {
        let lines = try examples.map(encodeLine)
        try SafeFile.write(Data(lines.map { $0 + "\n" }.joined().utf8), to: url)
    }

    // MARK: prediction files

    /// Generated SEL, one line per gold sentence, in the gold file's order. An empty line is a
    /// legitimate (empty) generation; only the final newline is not a line of its own.
    public static func readPredictions(_ url: URL, expectedCount: Int) throws -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SELDataError.unreadable(path: url.path) }
        return try parsePredictions(text, path: url.path, expectedCount: expectedCount)
    }

    public static func parsePredictions(_ text: String, path: String, expectedCount: Int) throws -> [String] {
        var all = lines(of: text)
        if all.last == "" { all.removeLast() }
        guard all.count == expectedCount else {
            throw SELDataError.lineCountMismatch(path: path, expected: expectedCount, found: all.count)
        }
        return all
    }

    /// Writes one generation per line; a newline inside a generation is written as a space so
    /// lines stay aligned with the gold file.
    public static func writePredictions(_ generated: [String], to url: URL) throws {
        let lines = generated.map { $0.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") + "\n" }
        try SafeFile.write(Data(lines.joined().utf8), to: url)
    }

    /// Lines split at "\n" or "\r\n" (one Character in Swift, so splitting at "\n" alone would miss it).
    static func lines(of text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
    }
}
