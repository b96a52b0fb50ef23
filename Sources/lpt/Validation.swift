// Flag checks shared by the subcommands. Every flag is checked in `validate()`, before any work:
// a bad value is one line naming the flag, never a trap, an empty report or a run that grows
// until the machine kills it. Sizes have stated upper bounds far above anything the kit needs on
// a laptop, so a typo with extra zeros is caught instead of filling memory.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import Foundation

enum Limits {
    /// Sentences per task (training, dev, test): the paper's largest splits are below this.
    static let sentences = 100_000
    static let epochs = 1_000
    static let jobs = 64
    static let batchSize = 4_096
    static let promptGrowth = 10_000
    static let promptLength = 10_000
    static let steps = 10_000_000
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
