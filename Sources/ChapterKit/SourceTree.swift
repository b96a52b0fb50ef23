// The set of marked regions in a package: every `.swift` file under `Sources/`, `exercises/` and
// `Tests/SwiftAppendixTests/` (Appendix A's examples, which run as tests).
// Built once per check so includes and the unused-region rule see the same snapshot of the tree.

import Foundation

/// All regions of a package, keyed by file (relative path) and id.
public struct SourceTree: Sendable {
    /// Directories (relative to the root) whose Swift files may carry region markers.
    public static let markedDirectories = ["Sources", "exercises", "Tests/SwiftAppendixTests"]

    /// Relative path → id → region.
    public let regions: [String: [String: SnippetRegion]]
    /// Every Swift file scanned, relative to the root, even those without regions.
    public let files: Set<String>
    /// Marker problems found while scanning.
    public let errors: [ChapterSyncError]

    public init(root: URL) {
        var regions: [String: [String: SnippetRegion]] = [:]
        var files: Set<String> = []
        var errors: [ChapterSyncError] = []
        for path in Self.swiftFiles(root: root) {
            files.insert(path)
            let text: String
            do {
                text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            } catch {
                errors.append(.unreadableFile(path: path, reason: "\(error)"))
                continue
            }
            let scanned = SnippetScanner.scan(text, file: path)
            errors += scanned.errors
            if !scanned.regions.isEmpty {
                regions[path] = Dictionary(scanned.regions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            }
        }
        self.regions = regions
        self.files = files
        self.errors = errors
    }

    /// Every region, sorted by file then line, for stable error order.
    public var allRegions: [SnippetRegion] {
        regions.values.flatMap { $0.values }.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    /// Relative paths of the Swift files under the marked directories, sorted.
    static func swiftFiles(root: URL) -> [String] {
        var result: [String] = []
        for directory in markedDirectories {
            let base = root.appendingPathComponent(directory)
            guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let relative = enumerator.nextObject() as? String {
                if relative.hasSuffix(".swift") { result.append("\(directory)/\(relative)") }
            }
        }
        return result.sorted()
    }
}
