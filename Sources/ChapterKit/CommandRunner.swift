// Runs a recorded command the way a reader would: `/bin/sh -c` from the package root.
// stdout is captured for the chapter; stderr goes to our stderr so build logs and errors stay visible.

import Foundation

public struct CommandRunner: Sendable {
    public let root: URL
    public let environment: [String: String]

    /// Keeps the caller's environment but sets `LPT_NO_PROGRESS=1`,
    /// so programs do not draw progress bars into recorded text.
    public init(root: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.root = root
        var environment = environment
        environment["LPT_NO_PROGRESS"] = "1"
        self.environment = environment
    }

    public func run(_ command: String) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = root
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read to EOF before waiting: a full pipe would otherwise block the child forever.
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(stdout: String(decoding: data, as: UTF8.self), status: process.terminationStatus)
    }
}
