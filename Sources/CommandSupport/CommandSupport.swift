// What every executable of the kit (the stages and `lpt`) shares on its command line: flag checks
// that name the flag, and a `main()` whose file-system errors read as one line.

import ArgumentParser
import Diagrams
import Foundation

/// Throws unless `value` lies in `range`, naming the flag.
public func check(_ value: Int, _ flag: String, in range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)"
            : "between \(range.lowerBound) and \(grouped(range.upperBound))"
        throw ValidationError("\(flag) must be \(bound), got \(value)")
    }
}

/// 100000 as "100,000", for bounds in messages.
public func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
}

/// Throws unless `value` is a finite number in `range` (NaN and infinities never are).
public func check(_ value: Double, _ flag: String, in range: ClosedRange<Double>, openBelow: Bool = false) throws {
    guard value.isFinite, range.contains(value), !(openBelow && value == range.lowerBound) else {
        let low = openBelow ? "(\(range.lowerBound)" : "[\(range.lowerBound)"
        throw ValidationError("\(flag) must be a finite number in \(low), \(range.upperBound)], got \(value)")
    }
}

/// Throws if a path flag is empty: an empty path would mean the current folder.
public func checkPath(_ value: String?, _ flag: String) throws {
    guard let value else { return }
    guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("\(flag) must not be empty") }
}

extension ParsableCommand {
    /// Runs the command like `main()`, but a file-system error prints as one line naming the path
    /// and the cause instead of Foundation's user-info dump.
    public static func mainWithReadableErrors() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: FileProblem.readable(error))
        }
    }
}
