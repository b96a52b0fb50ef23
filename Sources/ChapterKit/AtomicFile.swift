// Atomic file replacement for the chapter and snapshot writers.
// A chapter is either fully old or fully new on disk, even if the tool is interrupted mid-write.

import Foundation

/// Failure to write a file atomically; names the file and the step that failed.
public struct AtomicWriteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

public enum AtomicFile {
    /// Writes `text` as UTF-8 to a temporary file beside `url`, then renames it over `url`.
    /// The temporary file lives in the same directory so the rename never crosses file systems.
    public static func write(_ text: String, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AtomicWriteError(path: url.path, reason: "cannot create \(directory.path): \(error)")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            throw AtomicWriteError(path: url.path, reason: "cannot write temporary file: \(error)")
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw AtomicWriteError(path: url.path, reason: "rename failed: \(String(cString: strerror(code)))")
        }
    }
}
