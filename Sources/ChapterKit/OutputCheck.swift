// `check-outputs`: reruns the quick `ci`-tagged commands against prebuilt binaries and compares
// their stdout with the recorded blocks, skipping `[time]` lines.

/// The outcome of rerunning every `ci` command.
public struct OutputCheckReport: Sendable {
    public let checked: Int
    public let problems: [OutputProblem]
    public var isClean: Bool { problems.isEmpty }

    public var summary: String { "outputs: \(checked) ci commands checked, \(problems.count) differ" }
}

extension ChapterSync {
    /// Reruns `ci` commands only, each rewritten by `RecordedOutput.rewrite(_:binDirectory:)`.
    /// `run` is injected so tests can stand in for processes; the CLI passes `CommandRunner.run`.
    public func checkOutputs(binDirectory: String,
                             run: (OutputRequest) throws -> CommandResult) -> OutputCheckReport {
        let (documents, _) = loadChapters()
        let targets = documents.flatMap { document in
            document.directives.compactMap { directive -> (String, ChapterDirective, String)? in
                guard case let .output(command, ci) = directive.kind, ci else { return nil }
                return (document.path, directive, command)
            }
        }
        var problems: [OutputProblem] = []
        for (offset, (chapter, directive, command)) in targets.enumerated() {
            guard let block = directive.block, block.language == "text" else {
                problems.append(.missingBlock(chapter: chapter, line: directive.line, command: command))
                continue
            }
            let request = OutputRequest(chapter: chapter, line: directive.line,
                                        command: RecordedOutput.rewrite(command, binDirectory: binDirectory),
                                        index: offset + 1, total: targets.count)
            switch Self.runRecorded(request, run) {
            case let .failure(problem):
                problems.append(problem)
            case let .success(stdout):
                if let difference = RecordedOutput.firstDifference(recorded: block.lines, stdout: stdout) {
                    // Block line i sits at chapter line openIndex + 2 + i (1-based, after the fence).
                    problems.append(.differs(chapter: chapter, line: directive.line, command: request.command,
                                             blockLine: block.openIndex + 2 + difference.index,
                                             recorded: difference.expected, actual: difference.actual))
                }
            }
        }
        return OutputCheckReport(checked: targets.count, problems: problems)
    }
}
