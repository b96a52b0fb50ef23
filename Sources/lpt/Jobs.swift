// Running several `lpt learn` (or `lpt novel`, `lpt selectors`) jobs side by side: one child process
// per job, each on one BLAS thread, at most `parallel` at a time (the machine has 2 cores). A job
// may wait for others (`after`): it starts as soon as they have finished, so a core that is done
// with one method's stream goes on to that method's novel tasks instead of idling. Children print
// one line per finished task, prefixed by their method, so the terminal shows how far each has got.

import ContinualLoop
import Foundation

struct ChildJob {
    let name: String
    let arguments: [String]
    let folder: URL
    /// The `lpt` subcommand the child runs (`learn`, or chapter 7's `novel` and `selectors`).
    var command = "learn"
    /// Names of jobs that must finish (successfully) before this one starts.
    var after: [String] = []
}

enum ChildJobs {
    /// Runs `jobs` and waits; throws if any child fails (naming it and its log line). A job whose
    /// `after` list names a failed job is not started, and is named in the error too.
    static func run(_ jobs: [ChildJob], parallel: Int) throws {
        guard let executable = Bundle.main.executableURL else { throw ChildJobError.noExecutable }
        let names = Set(jobs.map(\.name))
        precondition(jobs.allSatisfy { $0.after.allSatisfy(names.contains) }, "a job waits for a job that is not in the list")
        var pending = jobs
        var running: [(ChildJob, Process)] = []
        var finished: Set<String> = [], failedNames: Set<String> = [], failed: [String] = []
        while !pending.isEmpty || !running.isEmpty {
            // Jobs waiting for a failed one can never start.
            for job in pending where job.after.contains(where: failedNames.contains) {
                failedNames.insert(job.name)
                failed.append("\(job.name) (not started)")
            }
            pending.removeAll { failedNames.contains($0.name) }
            while running.count < parallel, let index = pending.firstIndex(where: { $0.after.allSatisfy(finished.contains) }) {
                let job = pending.remove(at: index)
                let process = Process()
                process.executableURL = executable
                process.arguments = [job.command] + job.arguments + ["--output", relativePath(job.folder)]
                var environment = ProcessInfo.processInfo.environment
                environment["OPENBLAS_NUM_THREADS"] = "1"
                environment["LPT_NO_PROGRESS"] = "1"
                environment[ChildJobs.parentVariable] = "\(getpid())"
                process.environment = environment
                try process.run()
                say("started \(job.name) (pid \(process.processIdentifier))")
                running.append((job, process))
            }
            if running.isEmpty && !pending.isEmpty { break }   // nothing left that can start
            Thread.sleep(forTimeInterval: 0.2)
            running.removeAll { job, process in
                guard !process.isRunning else { return false }
                if process.terminationStatus != 0 {
                    failedNames.insert(job.name)
                    failed.append("\(job.name) (exit \(process.terminationStatus))")
                } else { finished.insert(job.name) }
                return true
            }
        }
        failed += pending.map { "\($0.name) (not started)" }
        if !failed.isEmpty { throw ChildJobError.failed(failed) }
    }
}

extension ChildJobs {
    /// `url` relative to the working directory the children share when it lies inside it, so
    /// their log lines name folders as the user would type them.
    static func relativePath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

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
