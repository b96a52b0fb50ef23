// Marked source regions: the DocC-style marker lines that delimit code a chapter shows.
// A region is the text strictly between its start and end markers, with common indentation removed.

/// One marked region of a Swift source file.
public struct SnippetRegion: Equatable, Sendable {
    /// Path relative to the package root, e.g. `Sources/Tensors/Tensor.swift`.
    public let file: String
    /// Kebab-case id, unique within `file`.
    public let id: String
    /// 1-based line of the start marker.
    public let line: Int
    /// The region's lines joined with "\n", dedented; no trailing newline.
    public let text: String

    public init(file: String, id: String, line: Int, text: String) {
        self.file = file
        self.id = id
        self.line = line
        self.text = text
    }
}

public enum SnippetScanner {
    static let markerPrefix = "// snippet."
    static let endName = "end"

    /// Finds every region in one file's text. Problems (nesting, bad ids, ...) are returned
    /// beside the regions that could still be read, so one bad marker does not hide the rest.
    public static func scan(_ text: String, file: String) -> (regions: [SnippetRegion], errors: [ChapterSyncError]) {
        var regions: [SnippetRegion] = []
        var errors: [ChapterSyncError] = []
        // `nested` counts starts seen inside the open region, so their ends do not close it;
        // a region that contained one is reported once and then dropped.
        var open: (id: String, line: Int, body: [String], nested: Int, poisoned: Bool)?
        var seen: Set<String> = []

        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            let lineNumber = index + 1
            guard let name = markerName(line) else {
                open?.body.append(line)
                continue
            }
            if name == endName {
                guard let region = open else {
                    errors.append(.unmatchedEnd(file: file, line: lineNumber))
                    continue
                }
                if region.nested > 0 {
                    open?.nested -= 1
                } else {
                    if !region.poisoned {
                        regions.append(SnippetRegion(file: file, id: region.id, line: region.line,
                                                     text: dedent(region.body).joined(separator: "\n")))
                    }
                    open = nil
                }
                continue
            }
            if let region = open {
                errors.append(.nestedRegion(file: file, line: lineNumber, id: name, enclosing: region.id))
                open?.nested += 1
                open?.poisoned = true
                continue
            }
            if !isKebabCase(name) {
                errors.append(.invalidRegionID(file: file, line: lineNumber, id: name))
            } else if seen.contains(name) {
                errors.append(.duplicateRegionID(file: file, line: lineNumber, id: name))
            }
            seen.insert(name)
            open = (name, lineNumber, [], 0, false)
        }
        if let region = open {
            errors.append(.unterminatedRegion(file: file, line: region.line, id: region.id))
        }
        // Regions with bad or duplicate ids are dropped so lookups stay unambiguous.
        let badLines = Set(errors.compactMap { error -> Int? in
            switch error {
            case let .invalidRegionID(_, line, _), let .duplicateRegionID(_, line, _): return line
            default: return nil
            }
        })
        return (regions.filter { !badLines.contains($0.line) }, errors)
    }

    /// The name after the marker prefix if `line` is a marker line, else nil.
    static func markerName(_ line: String) -> String? {
        let trimmed = line.trimmingSpaces()
        guard trimmed.hasPrefix(markerPrefix) else { return nil }
        return String(trimmed.dropFirst(markerPrefix.count)).trimmingSpaces()
    }

    static func isKebabCase(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return !words.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    /// Removes the indentation shared by all non-blank lines; blank lines become empty.
    static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingSpaces().isEmpty }
            .map { $0.prefix { $0 == " " || $0 == "\t" }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.trimmingSpaces().isEmpty ? "" : String($0.dropFirst(common)) }
    }
}

extension String {
    /// Trims spaces, tabs and a stray carriage return from both ends.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
