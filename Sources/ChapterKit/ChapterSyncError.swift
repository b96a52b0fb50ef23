// Everything `chapter-tool check` can find wrong between chapters and marked source regions.
// Each case names the file and 1-based line a reader must open to fix it.

/// A problem in a chapter, in a marked source file, or between the two.
public enum ChapterSyncError: Error, CustomStringConvertible, Equatable, Sendable {
    // Problems in Swift sources (`file` is relative to the package root).
    case invalidRegionID(file: String, line: Int, id: String)
    case nestedRegion(file: String, line: Int, id: String, enclosing: String)
    case unmatchedEnd(file: String, line: Int)
    case unterminatedRegion(file: String, line: Int, id: String)
    case duplicateRegionID(file: String, line: Int, id: String)
    case unusedRegion(file: String, line: Int, id: String)
    case unreadableFile(path: String, reason: String)

    // Problems in chapters (`chapter` is relative to the package root).
    case malformedDirective(chapter: String, line: Int, text: String)
    case missingBlock(chapter: String, line: Int, expectedLanguage: String)
    case wrongBlockLanguage(chapter: String, line: Int, expected: String, found: String)
    case unterminatedBlock(chapter: String, line: Int)
    case unknownFile(chapter: String, line: Int, file: String)
    case unknownRegion(chapter: String, line: Int, file: String, id: String)
    case blockDiffers(chapter: String, line: Int, file: String, id: String, difference: String)

    public var description: String {
        switch self {
        case let .invalidRegionID(file, line, id):
            return "\(file):\(line): region id '\(id)' is not kebab-case (use e.g. 'tensor-storage')"
        case let .nestedRegion(file, line, id, enclosing):
            return "\(file):\(line): region '\(id)' starts inside region '\(enclosing)'; regions cannot nest"
        case let .unmatchedEnd(file, line):
            return "\(file):\(line): 'snippet.end' without an open region"
        case let .unterminatedRegion(file, line, id):
            return "\(file):\(line): region '\(id)' has no 'snippet.end'"
        case let .duplicateRegionID(file, line, id):
            return "\(file):\(line): region id '\(id)' is used twice in this file"
        case let .unusedRegion(file, line, id):
            return "\(file):\(line): region '\(id)' is not included by any chapter (include it or remove the markers)"
        case let .unreadableFile(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .malformedDirective(chapter, line, text):
            return "\(chapter):\(line): cannot parse directive '\(text)' "
                + "(expected '<!-- include PATH#ID -->' or '<!-- output [ci] COMMAND -->')"
        case let .missingBlock(chapter, line, language):
            return "\(chapter):\(line): directive is not followed by a ```\(language) block (run `chapter-tool write`)"
        case let .wrongBlockLanguage(chapter, line, expected, found):
            return "\(chapter):\(line): expected a ```\(expected) block after the directive, found '\(found)'"
        case let .unterminatedBlock(chapter, line):
            return "\(chapter):\(line): fenced block is never closed"
        case let .unknownFile(chapter, line, file):
            return "\(chapter):\(line): no Swift source '\(file)' under Sources/, exercises/ or Tests/SwiftAppendixTests/"
        case let .unknownRegion(chapter, line, file, id):
            return "\(chapter):\(line): '\(file)' has no region '\(id)'"
        case let .blockDiffers(chapter, line, file, id, difference):
            return "\(chapter):\(line): block differs from \(file)#\(id) (run `chapter-tool write`): \(difference)"
        }
    }
}
