// Grids on a scheduler. `lpt table1`, `table2` and `sweep` describe their jobs as `ChildJob`s and
// normally run them here, two at a time. With `--plan FILE` they write the same jobs as shell
// commands instead, one line per independent job, for GNU parallel (also across machines that
// share the folder, with --sshlogin) or a Slurm job array; `--collect DIR` then builds the table
// from the finished job folders. A job that waits for another (`after`) shares its line, chained
// with `&&`, so no scheduler needs to know about dependencies.

import ArgumentParser
import CommandSupport
import Diagrams
import Foundation

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    /// One command per line: `parallel --jobs 2 < FILE`, or `bash FILE` to run them one by one.
    case parallel
    /// A bash script for `sbatch`: a job array with one task per plan line.
    case slurm
}

/// The grid commands' way of running their jobs: here, as a plan, or collected after a plan ran.
struct GridFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Write the jobs to FILE instead of running them, one complete lpt command per line (see --plan-format).",
                               valueName: "FILE")) var plan: String?
    @Option(help: "Format of --plan: parallel (one command per line, for GNU parallel or bash) or slurm (a job-array script for sbatch).")
    var planFormat: PlanFormat = .parallel
    @Option(help: ArgumentHelp("Run nothing: build the table and figures from the job folders a plan filled in DIR (give the flags the plan was made with); names jobs that are missing or failed.",
                               valueName: "DIR")) var collect: String?

    func validate() throws {
        try checkPath(plan, "--plan")
        try checkOutputFolder(collect, "--collect")
        if plan != nil, collect != nil { throw ValidationError("--plan writes a plan and --collect reads its results; give one of them") }
        if plan == nil, planFormat != .parallel { throw ValidationError("--plan-format \(planFormat.rawValue) needs --plan FILE to write to") }
        if let plan, FileManager.default.fileExists(atPath: plan + "/.") { throw ValidationError("--plan \(plan) is a folder; give a file name") }
        if let collect, !FileManager.default.fileExists(atPath: collect) {
            throw ValidationError("--collect \(collect) does not exist (it should be the --output folder of the plan's jobs)")
        }
    }

    /// The folder the grid's jobs and table live in: --collect's, else --output's.
    func folder(output: String) -> URL { URL(fileURLWithPath: collect ?? output) }

    /// Runs `jobs` here, writes them as a plan, or (--collect) checks they all finished.
    /// Returns false when the caller should stop (a plan was written).
    func runOrPlan(_ jobs: [ChildJob], parallel: Int, name: String) throws -> Bool {
        if let plan {
            let lines = try JobPlan.lines(jobs)
            let text = planFormat == .parallel ? lines.joined(separator: "\n") + "\n" : JobPlan.slurmScript(lines, name: name)
            try SafeFile.write(Data(text.utf8), to: URL(fileURLWithPath: plan))
            say("wrote \(lines.count) plan line(s) for \(jobs.count) job(s) to \(plan) (\(planFormat.rawValue))")
            say(planFormat == .parallel ? "run it with: parallel --jobs 2 < \(plan)" : "submit it with: sbatch \(plan)")
            return false
        }
        if collect != nil {
            let missing = JobPlan.unfinished(jobs)
            if !missing.isEmpty { throw PlanError.unfinished(missing) }
            return true
        }
        try ChildJobs.run(jobs, parallel: parallel)
        return true
    }
}

enum JobPlan {
    /// One shell line per group of jobs linked by `after` (in dependency order, joined by `&&`), each
    /// line self-contained: it enters the working directory and sets the environment a child job
    /// gets from `ChildJobs.run`, so it runs the same on any machine that sees the same folder.
    static func lines(_ jobs: [ChildJob]) throws -> [String] {
        guard let executable = Bundle.main.executableURL?.standardizedFileURL.path else { throw ChildJobError.noExecutable }
        let prefix = "cd \(shellQuoted(FileManager.default.currentDirectoryPath)) && export OPENBLAS_NUM_THREADS=1 LPT_NO_PROGRESS=1"
        return groups(jobs).map { group in
            ([prefix] + group.map { job in
                ([executable, job.command] + job.arguments + ["--output", ChildJobs.relativePath(job.folder)]).map(shellQuoted).joined(separator: " ")
            }).joined(separator: " && ")
        }
    }

    /// Jobs grouped so that a job and everything it waits for (directly or not) share a group; each
    /// group keeps the jobs' order, which ChildJobs' callers already give in dependency order.
    static func groups(_ jobs: [ChildJob]) -> [[ChildJob]] {
        var group = Array(jobs.indices)                      // union-find over job indices
        func root(_ i: Int) -> Int { group[i] == i ? i : root(group[i]) }
        let index = Dictionary(uniqueKeysWithValues: jobs.enumerated().map { ($1.name, $0) })
        for (i, job) in jobs.enumerated() {
            for name in job.after { if let j = index[name] { group[root(i)] = root(j) } }
        }
        var order: [Int] = [], members: [Int: [ChildJob]] = [:]
        for (i, job) in jobs.enumerated() {
            let r = root(i)
            if members[r] == nil { order.append(r) }
            members[r, default: []].append(job)
        }
        return order.map { members[$0]! }
    }

    /// A Slurm job-array script running line $SLURM_ARRAY_TASK_ID of the plan (kept inside the
    /// script, so the script is all sbatch needs). One core per task, as the kit's jobs use.
    static func slurmScript(_ lines: [String], name: String) -> String {
        """
        #!/bin/bash
        #SBATCH --job-name=\(name)
        #SBATCH --array=1-\(lines.count)
        #SBATCH --cpus-per-task=1
        #SBATCH --output=\(name)-%A_%a.log
        # Written by lpt \(name) --plan-format slurm: one array task per job line below. Submit with
        # `sbatch FILE` from a folder every node can see; afterwards run the same lpt \(name) command
        # with --collect DIR (DIR: its --output) to build the table.
        set -euo pipefail
        line=$(sed -n "${SLURM_ARRAY_TASK_ID}p" <<'LPT_PLAN'
        \(lines.joined(separator: "\n"))
        LPT_PLAN
        )
        exec bash -c "$line"

        """
    }

    /// "name (reason)" for every job whose folder lacks its result file.
    static func unfinished(_ jobs: [ChildJob]) -> [String] {
        jobs.compactMap { job in
            let fm = FileManager.default, resultFile = job.resultFile
            guard !fm.fileExists(atPath: job.folder.appendingPathComponent(resultFile).path) else { return nil }
            let folder = ChildJobs.relativePath(job.folder)
            return fm.fileExists(atPath: job.folder.path)
                ? "\(job.name) (\(folder) has no \(resultFile): failed or still running)"
                : "\(job.name) (no folder \(folder): never started)"
        }
    }

    /// `text` as one shell word: unchanged when it is plainly safe, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=,:+@%")
        if !text.isEmpty, text.allSatisfy(safe.contains) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension ChildJob {
    /// The file a finished job leaves in its folder.
    var resultFile: String {
        switch command {
        case "novel": return "novel.json"
        case "selectors": return "selectors.md"
        default: return "result.json"
        }
    }
}

enum PlanError: Error, CustomStringConvertible {
    case unfinished([String])
    var description: String {
        switch self {
        case .unfinished(let jobs):
            return "\(jobs.count) job(s) of the plan have not finished: \(jobs.joined(separator: "; ")). Run their plan lines again "
                + "(a job resumes where it stopped), then collect again."
        }
    }
}
