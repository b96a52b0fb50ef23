// Writing where a user points the kit, safely. Diagrams is the one library every executable
// links (stages 1-7, lpt), so the rules for output files and folders live here:
// - a file is replaced atomically (temporary file beside it, then rename), but only if what is
//   there now is a regular file: a symlink, FIFO or device given as an output is refused, not
//   silently turned into a regular file;
// - a failed write removes its temporary file (a full disk must not fill up with them);
// - file-system failures read as one line naming the path and the cause;
// - one process at a time writes into a resumable output folder (an advisory lock holding its pid).

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system failure, phrased for the person who typed the path.
public enum FileProblem: Error, CustomStringConvertible, Equatable, Sendable {
    /// `path` exists and is not a regular file, so writing would destroy something else.
    case notRegularFile(path: String, kind: String)
    /// `action` (read, write, create, …) failed on `path` because of `cause` (strerror's words).
    case io(path: String, action: String, cause: String)
    /// Another live process holds the output folder's lock (pid 0: it has not written its pid yet).
    case folderInUse(path: String, pid: Int32)

    public var description: String {
        switch self {
        case .notRegularFile(let path, let kind):
            return "refusing to replace \(path): it is a \(kind), not a regular file; choose another path"
        case .io(let path, let action, let cause):
            return "cannot \(action) \(path): \(cause)"
        case .folderInUse(let path, let pid):
            let holder = pid > 0 ? "process \(pid)" : "another process"
            return "\(path) is in use by \(holder), which is writing into it; wait for it to finish or stop it, or choose another output folder"
        }
    }

    /// The words strerror gives for `code`, starting lower-case ("no space left on device").
    static func cause(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// `error` as one readable line when it is a Foundation file error (whose own description on
    /// Linux is a dump of its user info); any other error is returned unchanged.
    public static func readable(_ error: any Error) -> any Error {
        if error is FileProblem { return error }
        // Swift errors bridge to NSError too, under their own type's domain: only Foundation's
        // file errors are rewritten.
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return error }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path ?? "a file"
        let isWrite = ns.domain == NSCocoaErrorDomain && (512...767).contains(ns.code)
        let action = isWrite ? "write" : "read"
        if ns.domain == NSPOSIXErrorDomain { return FileProblem.io(path: path, action: action, cause: cause(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return FileProblem.io(path: path, action: action, cause: cause(Int32(underlying.code)))
        }
        let known: [Int: String] = [
            4: "no such file or directory", 257: "permission denied", 258: "invalid file name",
            259: "not in the expected format", 260: "no such file or directory", 513: "permission denied",
            514: "invalid file name", 516: "a file with that name already exists", 640: "no space left on device",
            642: "read-only file system",
        ]
        return FileProblem.io(path: path, action: action, cause: known[ns.code] ?? "file-system error \(ns.code)")
    }
}

public enum SafeFile {
    /// What is at `url`, if it is something other than a regular file: "symbolic link",
    /// "directory", … (nil when nothing is there or a regular file is).
    public static func nonRegularKind(at url: URL) -> String? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFLNK: return "symbolic link"
        case S_IFDIR: return "directory"
        case S_IFIFO: return "FIFO (named pipe)"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFSOCK: return "socket"
        default: return "special file"
        }
    }

    /// Throws unless `url` is absent or a regular file (so writing it destroys nothing else).
    public static func checkReplaceable(_ url: URL) throws(FileProblem) {
        if let kind = nonRegularKind(at: url) { throw .notRegularFile(path: url.path, kind: kind) }
    }

    /// Creates `folder` and its parents; a file in the way or a refused mkdir is a readable error.
    public static func makeFolder(_ folder: URL) throws(FileProblem) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw .io(path: folder.path, action: "create folder", cause: "a file with that name exists")
        }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            let readable = FileProblem.readable(error)
            if case .io(_, _, let cause) = readable as? FileProblem { throw .io(path: folder.path, action: "create folder", cause: cause) }
            throw .io(path: folder.path, action: "create folder", cause: "\(error)")
        }
    }

    /// Replaces `url` with `data` atomically: a uniquely named temporary file in the same folder
    /// (rename is atomic only within one file system), then rename(2). On any failure the
    /// temporary file is removed and the old file, if any, is untouched.
    public static func write(_ data: Data, to url: URL) throws(FileProblem) {
        try checkReplaceable(url)
        let folder = url.deletingLastPathComponent()
        try makeFolder(folder)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw .io(path: url.path, action: "write", cause: FileProblem.cause(errno)) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        // Some file systems report a full disk only when the file is closed.
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .io(path: url.path, action: "write", cause: FileProblem.cause(failure))
        }
        // Checked again: something may have been put there while the data was written.
        if let kind = nonRegularKind(at: url) {
            unlink(temporary)
            throw .notRegularFile(path: url.path, kind: kind)
        }
        if rename(temporary, url.path) != 0 {
            let code = errno
            unlink(temporary)
            throw .io(path: url.path, action: "write", cause: FileProblem.cause(code))
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// One writer per output folder: `claim` takes an advisory lock (flock) on `.lpt-lock` inside
/// the folder and writes this process's pid into it. The kernel drops the lock when the process
/// ends in any way, kill -9 included, so a lock file left behind is never stale: the next claim
/// simply takes it.
public enum OutputFolder {
    public static let lockFileName = ".lpt-lock"

    /// Descriptors of the locks this process holds, by folder path; open until the process exits.
    private final class Held: @unchecked Sendable {
        let lock = NSLock()
        var descriptors: [String: Int32] = [:]
    }
    private static let held = Held()

    /// Creates `folder` if needed and makes this process its only writer. A folder already
    /// claimed by this process is fine. If another process holds it, waits up to `wait` seconds
    /// (a job restarted right after its parent was killed may find the old job still stopping),
    /// then throws `.folderInUse` naming the folder and the holder's pid.
    public static func claim(_ folder: URL, wait: Double = 0) throws(FileProblem) {
        try SafeFile.makeFolder(folder)
        let key = folder.standardizedFileURL.path
        held.lock.lock()
        defer { held.lock.unlock() }
        if held.descriptors[key] != nil { return }
        let path = folder.appendingPathComponent(lockFileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw .io(path: path, action: "create lock file", cause: FileProblem.cause(errno)) }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw .io(path: path, action: "lock", cause: FileProblem.cause(code))
            }
            if Date() >= deadline {
                let pid = holderPID(fd)
                close(fd)
                throw .folderInUse(path: folder.path, pid: pid)
            }
            usleep(100_000)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        held.descriptors[key] = fd
    }

    /// The pid the holder wrote into the lock file (0 if unreadable).
    static func holderPID(_ fd: Int32) -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return 0 }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
