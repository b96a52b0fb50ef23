// Atomic figure writing: each file appears complete or not at all (temp file in the same directory,
// then rename), so an interrupted `stageNN --figures` run never leaves a half-written SVG behind.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a figure file could not be written.
public enum FigureFileError: Error, CustomStringConvertible, Equatable, Sendable {
    case createDirectory(path: String, reason: String)
    case write(path: String, reason: String)
    case rename(from: String, to: String, reason: String)

    public var description: String {
        switch self {
        case .createDirectory(let path, let reason): return "cannot create directory \(path): \(reason)"
        case .write(let path, let reason): return "cannot write \(path): \(reason)"
        case .rename(let from, let to, let reason): return "cannot rename \(from) to \(to): \(reason)"
        }
    }
}

/// Writes figure files atomically, creating the parent directory when needed.
public enum FigureFile {
    /// Writes `text` as UTF-8 to `url`.
    public static func write(_ text: String, to url: URL) throws(FigureFileError) {
        try write(Array(text.utf8), to: url)
    }

    /// Writes `bytes` to `url`: a uniquely named temp file beside it, then `rename(2)` over it
    /// (SafeFile: refuses to replace anything but a regular file, removes its temp file on failure).
    public static func write(_ bytes: [UInt8], to url: URL) throws(FigureFileError) {
        do { try SafeFile.write(Data(bytes), to: url) } catch {
            switch error {
            case .io(let path, "create folder", let cause): throw .createDirectory(path: path, reason: cause)
            case .io(let path, _, let cause): throw .write(path: path, reason: cause)
            case .notRegularFile(let path, let kind): throw .write(path: path, reason: "it is a \(kind), not a regular file; choose another path")
            case .folderInUse: throw .write(path: url.path, reason: "\(error)")
            }
        }
    }
}

extension GraphvizRenderer {
    /// Renders `dot` to SVG and writes `<base>.dot` and `<base>.svg`.
    ///
    /// Rendering happens first, so a DOT error leaves any existing figure files untouched.
    /// Throws `GraphvizError` or `FigureFileError`.
    public func writeFigure(dot: String, to basePath: URL, layout: String = "dot") throws {
        let svg = try render(dot: dot, format: .svg, layout: layout)
        try FigureFile.write(dot, to: basePath.appendingPathExtension("dot"))
        try FigureFile.write(svg, to: basePath.appendingPathExtension("svg"))
    }
}
