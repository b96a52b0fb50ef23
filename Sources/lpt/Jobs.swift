// Running several `lpt learn` (or `lpt novel`) jobs side by side: one child process per job, each on one BLAS
// thread, at most `parallel` at a time (the machine has 2 cores). Children print one line per
// finished task, prefixed by their method, so the terminal shows how far each has got.

import ContinualLoop
import Foundation

struct ChildJob {
    let name: String
    let arguments: [String]
    let folder: URL
    /// The `lpt` subcommand the child runs (`learn`, or chapter 7's `novel`).
    var command = "learn"
}

enum ChildJobs {
    /// Runs `jobs` and waits; throws if any child fails (naming it and its log line).
    static func run(_ jobs: [ChildJob], parallel: Int) throws {
        guard let executable = Bundle.main.executableURL else { throw ChildJobError.noExecutable }
        var pending = jobs[...]
        var running: [(ChildJob, Process)] = []
        var failed: [String] = []
        while !pending.isEmpty || !running.isEmpty {
            while running.count < parallel, let job = pending.popFirst() {
                let process = Process()
                process.executableURL = executable
                process.arguments = [job.command] + job.arguments + ["--output", job.folder.path]
                var environment = ProcessInfo.processInfo.environment
                environment["OPENBLAS_NUM_THREADS"] = "1"
                environment["LPT_NO_PROGRESS"] = "1"
                process.environment = environment
                try process.run()
                say("started \(job.name) (pid \(process.processIdentifier))")
                running.append((job, process))
            }
            Thread.sleep(forTimeInterval: 0.2)
            running.removeAll { job, process in
                guard !process.isRunning else { return false }
                if process.terminationStatus != 0 { failed.append("\(job.name) (exit \(process.terminationStatus))") }
                return true
            }
        }
        if !failed.isEmpty { throw ChildJobError.failed(failed) }
    }
}

enum ChildJobError: Error, CustomStringConvertible {
    case noExecutable
    case failed([String])
    var description: String {
        switch self {
        case .noExecutable: return "cannot find the lpt executable to start jobs"
        case .failed(let jobs): return "jobs failed: \(jobs.joined(separator: ", ")); rerun the same command to resume them"
        }
    }
}
