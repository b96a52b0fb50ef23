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
                // Relative to the working directory the child shares, so its log lines name the
                // folder as the user would type it.
                let cwd = FileManager.default.currentDirectoryPath + "/"
                let folder = job.folder.path.hasPrefix(cwd) ? String(job.folder.path.dropFirst(cwd.count)) : job.folder.path
                process.arguments = [job.command] + job.arguments + ["--output", folder]
                var environment = ProcessInfo.processInfo.environment
                environment["OPENBLAS_NUM_THREADS"] = "1"
                environment["LPT_NO_PROGRESS"] = "1"
                environment[ChildJobs.parentVariable] = "\(getpid())"
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

extension ChildJobs {
    /// Set in a child's environment to the parent's pid.
    static let parentVariable = "LPT_PARENT_PID"

    /// Whether this process is a child job of another `lpt`.
    static var isChild: Bool { ProcessInfo.processInfo.environment[parentVariable] != nil }

    /// Seconds a child waits for its output folder's lock: after a parent is killed and started
    /// again at once, the old child may still be stopping (it notices within a fraction of a second).
    static var lockWait: Double { isChild ? 5 : 0 }

    /// In a child job, watches the parent: when it is gone (kill -9 included, which no handler
    /// in the parent can catch), the child is reparented, getppid() changes, and the child exits.
    /// Its state is saved atomically, so rerunning the parent's command resumes the job.
    static func watchParent() {
        guard let text = ProcessInfo.processInfo.environment[parentVariable], let parent = Int32(text) else { return }
        let watcher = Thread {
            while getppid() == parent { usleep(200_000) }
            FileHandle.standardError.write(Data("lpt: parent process \(parent) is gone; stopping this job (rerun the parent's command to resume)\n".utf8))
            _exit(1)
        }
        watcher.start()
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
