// Atomic file replacement for the chapter and snapshot writers.
// A chapter is either fully old or fully new on disk, even if the tool is interrupted mid-write.
// ChapterKit depends on no other module, so this is its own small copy of the kit's rules for
// replacing a file (Diagrams' SafeFile): only a regular file is ever replaced, and a failed
// write removes its temporary file.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        try refuseNonRegular(url)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AtomicWriteError(path: url.path, reason: "cannot create \(directory.path): \(causeText(error))")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            // A write cut short (a full disk) may still have created the file.
            try? FileManager.default.removeItem(at: temporary)
            throw AtomicWriteError(path: url.path, reason: causeText(error))
        }
        do { try refuseNonRegular(url) } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw AtomicWriteError(path: url.path, reason: "rename failed: \(String(cString: strerror(code)))")
        }
    }

    /// Renaming over a symlink, FIFO or device would silently replace it with a regular file.
    static func refuseNonRegular(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else { return }
        throw AtomicWriteError(path: url.path, reason: "it exists and is not a regular file; refusing to replace it")
    }

    /// The operating system's words for a Foundation file error, not its user-info dump.
    static func causeText(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return "\(error)"
    }
}
