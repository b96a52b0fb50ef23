// Snapshot check for generated text such as figures/*.dot: compare with the committed
// file, or re-record it when RECORD_SNAPSHOTS=1. Twenty lines instead of a swift-syntax-heavy package.

import Foundation

/// A snapshot that does not match (or does not exist yet).
public struct SnapshotMismatch: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    /// Nil when the committed file is missing.
    public let difference: LineDifference?

    public init(path: String, difference: LineDifference?) {
        self.path = path
        self.difference = difference
    }

    public var description: String {
        guard let difference else { return "\(path): no snapshot; record it with RECORD_SNAPSHOTS=1" }
        return "\(path): snapshot differs, \(difference) (re-record with RECORD_SNAPSHOTS=1 if intended)"
    }
}

public enum Snapshot {
    public enum Outcome: Equatable, Sendable { case matched, recorded }

    /// Compares `text` with `root/relativePath`; writes it instead when `RECORD_SNAPSHOTS=1`.
    @discardableResult
    public static func assertMatches(_ text: String, file relativePath: String, root: URL,
                                     environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> Outcome {
        let url = root.appendingPathComponent(relativePath)
        if environment["RECORD_SNAPSHOTS"] == "1" {
            try AtomicFile.write(text, to: url)
            return .recorded
        }
        guard let committed = try? String(contentsOf: url, encoding: .utf8) else {
            throw SnapshotMismatch(path: relativePath, difference: nil)
        }
        if let difference = TextDiff.firstDifference(expected: committed.components(separatedBy: "\n"),
                                                     actual: text.components(separatedBy: "\n")) {
            throw SnapshotMismatch(path: relativePath, difference: difference)
        }
        return .matched
    }
}
