// The smallest useful diff: the first line where two texts disagree.
// Shared by include checks, recorded outputs and snapshots so all three report mismatches alike.

/// The first differing line of two line lists; a nil side means that text ended first.
public struct LineDifference: Equatable, Sendable, CustomStringConvertible {
    /// 0-based position in the compared line lists.
    public let index: Int
    public let expected: String?
    public let actual: String?

    public init(index: Int, expected: String?, actual: String?) {
        self.index = index
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "first difference at line \(index + 1): expected \(Self.show(expected)), got \(Self.show(actual))"
    }

    static func show(_ line: String?) -> String {
        line.map { "'\($0)'" } ?? "end of text"
    }
}

public enum TextDiff {
    /// Nil when the lists are equal.
    public static func firstDifference(expected: [String], actual: [String]) -> LineDifference? {
        for index in 0..<max(expected.count, actual.count) {
            let left = index < expected.count ? expected[index] : nil
            let right = index < actual.count ? actual[index] : nil
            if left != right { return LineDifference(index: index, expected: left, actual: right) }
        }
        return nil
    }

    /// Splits on "\n"; the empty text has no lines (so an empty region matches an empty block).
    public static func lines(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
