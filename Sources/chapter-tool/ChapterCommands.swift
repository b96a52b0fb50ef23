// check, write and check-outputs: chapters against marked source regions and recorded outputs.

import ArgumentParser
import ChapterKit
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that chapters match the marked source regions.",
        discussion: """
            Fails if an included block differs from its region, if an include names an unknown file or \
            region, if a directive lacks its fenced block, or if a marked region is used by no chapter. \
            Recorded outputs are not rerun; see check-outputs.
            """)

    @OptionGroup var options: RootOptions

    func run() throws {
        let report = ChapterSync(root: options.rootURL).check()
        report.errors.forEach { printError("error: \($0)") }
        print(report.summary)
        if !report.isClean { throw ExitCode.failure }
    }
}

struct Write: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite chapter blocks from the sources (and, with --outputs, from fresh runs).",
        discussion: """
            Each block after an include line is replaced by its region (a block is inserted if missing). \
            With --outputs every recorded command, ci-tagged or not, is rerun from the package root via \
            /bin/sh -c with LPT_NO_PROGRESS=1, and its stdout replaces the ```text block. Review the \
            result with git diff. Long training runs make this slow; progress goes to stderr.
            """)

    @OptionGroup var options: RootOptions

    @Flag(help: "Also rerun every recorded command and refresh its output block.")
    var outputs = false
    @Flag(help: "Rerun only the ci-tagged recorded commands (implies --outputs).")
    var ci = false
    @Option(help: "Rerun only the recorded commands containing this text (implies --outputs).")
    var only: String?

    func validate() throws {
        if let only, only.isEmpty { throw ValidationError("--only needs some text of a recorded command") }
    }

    func run() throws {
        let runner = CommandRunner(root: options.rootURL)
        let rerun = outputs || ci || only != nil
        let runOutput: ((OutputRequest) throws -> CommandResult)? = rerun ? { request in
            printError("[\(request.index)/\(request.total)] \(request.chapter):\(request.line) $ \(request.command)")
            return try runner.run(request.command)
        } : nil
        let (ci, only) = (ci, only)
        let report = try ChapterSync(root: options.rootURL).write(runOutput: runOutput, selecting: { command, tagged in
            (!ci || tagged) && (only.map { command.contains($0) } ?? true)
        })
        report.errors.forEach { printError("error: \($0)") }
        report.outputProblems.forEach { printError("error: \($0)") }
        let changed = report.changedChapters
        print("write: \(changed.count) chapters changed" + (changed.isEmpty ? "" : " (\(changed.joined(separator: ", ")))"))
        if !report.isClean { throw ExitCode.failure }
    }
}

struct CheckOutputs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-outputs",
        abstract: "Rerun ci-tagged recorded commands against built binaries and compare their output.",
        discussion: """
            A leading 'swift run [-c CONFIG] NAME' is rewritten to 'DIR/NAME', so no SwiftPM build happens \
            here; build first (e.g. swift build -c release) and pass that bin directory. Lines starting \
            with [time] are ignored on both sides. Exits non-zero if any output differs.
            """)

    @OptionGroup var options: RootOptions

    @Option(help: ArgumentHelp("Directory holding the built executables, e.g. .build/release.", valueName: "dir"))
    var bin: String

    func run() throws {
        let runner = CommandRunner(root: options.rootURL)
        let report = ChapterSync(root: options.rootURL).checkOutputs(binDirectory: absolutePath(bin)) { request in
            printError("[\(request.index)/\(request.total)] \(request.chapter):\(request.line) $ \(request.command)")
            return try runner.run(request.command)
        }
        report.problems.forEach { printError("error: \($0)") }
        print(report.summary)
        if !report.isClean { throw ExitCode.failure }
    }
}
