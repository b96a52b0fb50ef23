// Which stubs the learner has edited. Learners solve the tracked stubs in place, so the stub
// rules (markers present, tests fail) are about the committed stubs: an edited stub is the
// learner's work, checked by `lpt check`, and must not break the kit's own test command.
// Git answers the question; without git (a tarball), every stub counts as untouched.

import Foundation

public struct LearnerChanges: Sendable {
    /// Paths (relative to the package root) of stubs that differ from the committed version.
    public let changedStubs: Set<String>
    /// The committed text of each changed stub, where git has one.
    private let committed: [String: String]

    public init(changedStubs: Set<String> = [], committed: [String: String] = [:]) {
        self.changedStubs = changedStubs
        self.committed = committed
    }

    /// Asks git which of `stubs` differ from HEAD under `root`.
    public static func detect(root: URL, stubs: [String]) -> LearnerChanges {
        guard !stubs.isEmpty,
              let status = git(["status", "--porcelain", "--untracked-files=no", "--"] + stubs, root: root) else { return LearnerChanges() }
        var changed: Set<String> = []
        for line in status.split(separator: "\n") where line.count > 3 {
            let path = String(line.dropFirst(3))
            if stubs.contains(path) { changed.insert(path) }
        }
        var committed: [String: String] = [:]
        for path in changed { committed[path] = git(["show", "HEAD:\(path)"], root: root) }
        return LearnerChanges(changedStubs: changed, committed: committed)
    }

    /// The committed text of a changed stub (nil if unchanged or unknown to git).
    public func committedText(of path: String) -> String? { committed[path] }

    /// Output of `git -C root args`, or nil when git is missing or fails (not a repository).
    static func git(_ arguments: [String], root: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
