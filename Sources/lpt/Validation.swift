// Flag checks shared by the subcommands. Every flag is checked in `validate()`, before any work:
// a bad value is one line naming the flag, never a trap, an empty report or a run that grows
// until the machine kills it. Sizes have stated upper bounds far above anything the kit needs on
// a laptop, so a typo with extra zeros is caught instead of filling memory.

import ArgumentParser
import ContinualLoop
import Diagrams
import Foundation

enum Limits {
    /// Sentences per task (training, dev, test): the paper's largest splits are below this.
    static let sentences = 100_000
    static let epochs = 1_000
    static let jobs = 64
    static let promptGrowth = 10_000
    static let steps = 10_000_000
}

/// Throws unless `value` lies in `range`, naming the flag.
func check(_ value: Int, _ flag: String, in range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)"
            : "between \(range.lowerBound) and \(grouped(range.upperBound))"
        throw ValidationError("\(flag) must be \(bound), got \(value)")
    }
}

/// 100000 as "100,000", for bounds in messages.
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
}

/// Throws unless `value` is a finite number in `range` (NaN and infinities never are).
func check(_ value: Double, _ flag: String, in range: ClosedRange<Double>, openBelow: Bool = false) throws {
    guard value.isFinite, range.contains(value), !(openBelow && value == range.lowerBound) else {
        let low = openBelow ? "(\(range.lowerBound)" : "[\(range.lowerBound)"
        throw ValidationError("\(flag) must be a finite number in \(low), \(range.upperBound)], got \(value)")
    }
}

/// Throws if a path flag is empty: an empty path would mean the current folder.
func checkPath(_ value: String?, _ flag: String) throws {
    guard let value else { return }
    guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("\(flag) must not be empty") }
}

/// Throws if an output file given by `flag` exists and is not a regular file (a symlink, FIFO
/// or device would be replaced by a regular file otherwise).
func checkOutputFile(_ value: String?, _ flag: String) throws {
    guard let value else { return }
    try checkPath(value, flag)
    if let kind = SafeFile.nonRegularKind(at: URL(fileURLWithPath: value)) {
        throw ValidationError("\(flag) \(value) is a \(kind), not a regular file; choose another path")
    }
}

/// Throws if an output folder given by `flag` exists and is not a folder.
func checkOutputFolder(_ value: String?, _ flag: String) throws {
    guard let value else { return }
    try checkPath(value, flag)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw ValidationError("\(flag) \(value) exists and is not a folder")
    }
}

/// A comma-separated list with at least one entry and no entry twice.
func checkList(_ items: [String], _ flag: String) throws {
    guard !items.isEmpty else { throw ValidationError("\(flag) must list at least one value") }
    var seen = Set<String>()
    for item in items where !seen.insert(item.lowercased()).inserted {
        throw ValidationError("\(flag) lists '\(item)' twice")
    }
}

extension ParsableCommand {
    /// Runs the command like `main()`, but a file-system error prints as one line naming the path
    /// and the cause instead of Foundation's user-info dump.
    static func mainWithReadableErrors() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: FileProblem.readable(error))
        }
    }
}
