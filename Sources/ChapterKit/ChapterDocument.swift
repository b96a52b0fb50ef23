// Reads a chapter's Markdown into its directives: `<!-- include FILE#ID -->` and
// `<!-- output [ci] COMMAND -->`, each with the fenced block that follows it.

/// What a directive asks for.
public enum DirectiveKind: Equatable, Sendable {
    /// Show a marked source region, in a ```swift block.
    case include(file: String, id: String)
    /// Show what a command printed, in a ```text block; `ci` commands are rerun by `check-outputs`.
    case output(command: String, ci: Bool)

    /// The fence language the block after this directive must have.
    public var language: String {
        switch self {
        case .include: return "swift"
        case .output: return "text"
        }
    }
}

/// A fenced block directly after a directive. Indices are 0-based into the chapter's lines.
public struct FencedBlock: Equatable, Sendable {
    public let openIndex: Int
    public let closeIndex: Int
    public let language: String
    public let lines: [String]
}

/// One directive line and its block (nil when the next line does not open a fence).
public struct ChapterDirective: Equatable, Sendable {
    public let kind: DirectiveKind
    /// 1-based line of the directive itself.
    public let line: Int
    public let block: FencedBlock?
}

/// A parsed chapter: its raw lines, its directives in order, and any syntax problems.
public struct ChapterDocument: Sendable {
    /// Path relative to the package root, e.g. `chapters/01-tensors.md`.
    public let path: String
    public let lines: [String]
    public let directives: [ChapterDirective]
    public let errors: [ChapterSyncError]

    public init(text: String, path: String) {
        self.path = path
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.lines = lines
        var directives: [ChapterDirective] = []
        var errors: [ChapterSyncError] = []
        var index = 0
        while index < lines.count {
            let trimmed = lines[index].trimmingSpaces()
            // Skip ordinary fenced blocks whole, so a chapter can show directive syntax in an example.
            if let fence = Self.fenceMarker(trimmed) {
                guard let close = Self.closingIndex(lines, after: index, fence: fence) else {
                    errors.append(.unterminatedBlock(chapter: path, line: index + 1))
                    break
                }
                index = close + 1
                continue
            }
            guard Self.isDirectiveLine(trimmed) else {
                index += 1
                continue
            }
            guard let kind = Self.parseDirective(trimmed) else {
                errors.append(.malformedDirective(chapter: path, line: index + 1, text: trimmed))
                index += 1
                continue
            }
            let next = index + 1
            let nextTrimmed = next < lines.count ? lines[next].trimmingSpaces() : ""
            guard let fence = Self.fenceMarker(nextTrimmed) else {
                directives.append(ChapterDirective(kind: kind, line: index + 1, block: nil))
                index += 1
                continue
            }
            guard let close = Self.closingIndex(lines, after: next, fence: fence) else {
                errors.append(.unterminatedBlock(chapter: path, line: next + 1))
                break
            }
            let language = String(nextTrimmed.dropFirst(fence.count)).trimmingSpaces()
            let block = FencedBlock(openIndex: next, closeIndex: close, language: language,
                                    lines: Array(lines[(next + 1)..<close]))
            directives.append(ChapterDirective(kind: kind, line: index + 1, block: block))
            index = close + 1
        }
        self.directives = directives
        self.errors = errors
    }

    /// Directive-shaped lines: an HTML comment opening with one of the two keywords.
    static func isDirectiveLine(_ trimmed: String) -> Bool {
        trimmed.hasPrefix("<!-- include") || trimmed.hasPrefix("<!-- output")
    }

    /// Parses `<!-- include FILE#ID -->` or `<!-- output [ci] COMMAND -->`; nil if malformed.
    static func parseDirective(_ trimmed: String) -> DirectiveKind? {
        guard trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->"), trimmed.count >= 7 else { return nil }
        let inner = String(trimmed.dropFirst(4).dropLast(3)).trimmingSpaces()
        let keyword = inner.prefix { $0 != " " && $0 != "\t" }
        let rest = String(inner.dropFirst(keyword.count)).trimmingSpaces()
        switch keyword {
        case "include":
            let parts = rest.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !rest.contains(" ") else { return nil }
            return .include(file: String(parts[0]), id: String(parts[1]))
        case "output":
            let ci = rest.hasPrefix("ci ") || rest.hasPrefix("ci\t")
            let command = ci ? String(rest.dropFirst(2)).trimmingSpaces() : rest
            return command.isEmpty ? nil : .output(command: command, ci: ci)
        default:
            return nil
        }
    }

    /// The run of backticks (3 or more) opening a fence, or nil if `trimmed` is not a fence line.
    static func fenceMarker(_ trimmed: String) -> String? {
        let ticks = trimmed.prefix { $0 == "`" }
        return ticks.count >= 3 ? String(ticks) : nil
    }

    /// The index of the line closing a fence opened at `openIndex` (a line of at least as many backticks).
    static func closingIndex(_ lines: [String], after openIndex: Int, fence: String) -> Int? {
        var index = openIndex + 1
        while index < lines.count {
            let trimmed = lines[index].trimmingSpaces()
            if trimmed.count >= fence.count, trimmed.allSatisfy({ $0 == "`" }) { return index }
            index += 1
        }
        return nil
    }
}
