// Rules for recorded outputs: which lines are compared, how a recorded command
// is pointed at prebuilt binaries, and what can go wrong when one is rerun.

import Foundation

/// What a rerun command produced.
public struct CommandResult: Equatable, Sendable {
    public let stdout: String
    public let status: Int32

    public init(stdout: String, status: Int32) {
        self.stdout = stdout
        self.status = status
    }
}

/// A problem found while rerunning a recorded command.
public enum OutputProblem: Error, CustomStringConvertible, Equatable, Sendable {
    case missingBlock(chapter: String, line: Int, command: String)
    case couldNotRun(chapter: String, line: Int, command: String, reason: String)
    case commandFailed(chapter: String, line: Int, command: String, status: Int32)
    /// `blockLine` is the 1-based chapter line of the first differing recorded line
    /// (or of the closing fence when the recorded text is the shorter one).
    case differs(chapter: String, line: Int, command: String, blockLine: Int, recorded: String?, actual: String?)

    public var description: String {
        switch self {
        case let .missingBlock(chapter, line, command):
            return "\(chapter):\(line): `\(command)` has no ```text block"
        case let .couldNotRun(chapter, line, command, reason):
            return "\(chapter):\(line): cannot run `\(command)`: \(reason)"
        case let .commandFailed(chapter, line, command, status):
            return "\(chapter):\(line): `\(command)` exited with status \(status)"
        case let .differs(chapter, line, command, blockLine, recorded, actual):
            return """
                \(chapter):\(line): output of `\(command)` differs; first differing line is \(chapter):\(blockLine)
                - recorded: \(recorded ?? "(end of block)")
                + actual:   \(actual ?? "(end of output)")
                """
        }
    }
}

public enum RecordedOutput {
    /// Lines starting with this prefix carry timings and are never compared.
    public static let timingPrefix = "[time]"

    /// The block lines for a command's stdout: one trailing newline is dropped, the rest kept verbatim.
    public static func blockLines(forStdout stdout: String) -> [String] {
        TextDiff.lines(stdout.hasSuffix("\n") ? String(stdout.dropLast()) : stdout)
    }

    /// Keeps each line's position (0-based) so a mismatch can point into the chapter.
    public static func comparedLines(_ lines: [String]) -> [(index: Int, text: String)] {
        lines.enumerated().filter { !$0.element.hasPrefix(timingPrefix) }.map { ($0.offset, $0.element) }
    }

    /// Compares a recorded block with fresh stdout, ignoring timing lines on both sides.
    /// Returns the first difference with `index` = the position in the *recorded* block
    /// (== recorded.count when the recording ran out first).
    public static func firstDifference(recorded: [String], stdout: String) -> LineDifference? {
        let old = comparedLines(recorded)
        let new = comparedLines(blockLines(forStdout: stdout)).map(\.text)
        guard let difference = TextDiff.firstDifference(expected: old.map(\.text), actual: new) else { return nil }
        let index = difference.index < old.count ? old[difference.index].index : recorded.count
        return LineDifference(index: index, expected: difference.expected, actual: difference.actual)
    }

    /// Rewrites a leading `swift run [-c CONFIG | --configuration CONFIG] NAME` to `BIN/NAME`,
    /// so CI runs the binaries it already built instead of invoking SwiftPM again.
    /// Other commands are returned unchanged.
    public static func rewrite(_ command: String, binDirectory: String) -> String {
        var rest = Substring(command.trimmingSpaces())
        func nextWord() -> Substring {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            let word = rest.prefix { $0 != " " && $0 != "\t" }
            rest = rest.dropFirst(word.count)
            return word
        }
        guard nextWord() == "swift", nextWord() == "run" else { return command }
        var name = nextWord()
        while name == "-c" || name == "--configuration" {
            _ = nextWord()
            name = nextWord()
        }
        guard !name.isEmpty, !name.hasPrefix("-") else { return command }
        var directory = binDirectory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        return shellQuoted("\(directory)/\(name)") + rest
    }

    /// Quotes a path for /bin/sh only when it needs it, so common commands stay readable in messages.
    static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+=:@%,".contains($0) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
