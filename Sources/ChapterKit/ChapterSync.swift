// `check` and `write` for chapters: every include shows its region verbatim, every region is shown
// somewhere, and `write` regenerates the blocks (and, on request, recorded outputs) from the sources.

import Foundation

/// What `check` looked at and what it found.
public struct ChapterCheckReport: Sendable {
    public let chapters: [String]
    public let includesChecked: Int
    public let regionCount: Int
    public let outputCount: Int
    public let errors: [ChapterSyncError]
    public var isClean: Bool { errors.isEmpty }

    public var summary: String {
        "chapters: \(chapters.count) chapters, \(includesChecked) includes, \(regionCount) regions, "
            + "\(outputCount) recorded outputs, \(errors.count) errors"
    }
}

/// One recorded command about to be run; `index` is 1-based among `total` for progress messages.
public struct OutputRequest: Sendable {
    public let chapter: String
    public let line: Int
    public let command: String
    public let index: Int
    public let total: Int
}

/// What `write` changed and what it could not fix.
public struct ChapterWriteReport: Sendable {
    public let changedChapters: [String]
    public let errors: [ChapterSyncError]
    public let outputProblems: [OutputProblem]
    public var isClean: Bool { errors.isEmpty && outputProblems.isEmpty }
}

public struct ChapterSync: Sendable {
    public static let chapterDirectory = "chapters"
    public let root: URL

    public init(root: URL) { self.root = root }

    /// `chapters/*.md`, relative to the root, sorted (the number prefix gives teaching order).
    public func chapterPaths() -> [String] {
        let directory = root.appendingPathComponent(Self.chapterDirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(Self.chapterDirectory)/\($0)" }
    }

    /// Parses every chapter; unreadable files become errors rather than aborting the run.
    public func loadChapters() -> (documents: [ChapterDocument], errors: [ChapterSyncError]) {
        var documents: [ChapterDocument] = []
        var errors: [ChapterSyncError] = []
        for path in chapterPaths() {
            do {
                let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
                let document = ChapterDocument(text: text, path: path)
                documents.append(document)
                errors += document.errors
            } catch {
                errors.append(.unreadableFile(path: path, reason: "\(error)"))
            }
        }
        return (documents, errors)
    }

    public func check() -> ChapterCheckReport {
        let tree = SourceTree(root: root)
        let (documents, documentErrors) = loadChapters()
        var errors = tree.errors + documentErrors
        var used: Set<String> = []
        var includes = 0
        var outputs = 0
        for document in documents {
            for directive in document.directives {
                if case .output = directive.kind { outputs += 1 }
                let problem = blockProblem(directive, chapter: document.path)
                guard case let .include(file, id) = directive.kind else {
                    if let problem { errors.append(problem) }
                    continue
                }
                // Resolve the region even when the block is missing, so the region still counts as used.
                let region: SnippetRegion
                switch resolve(file: file, id: id, in: tree, chapter: document.path, line: directive.line) {
                case let .success(found): region = found
                case let .failure(error): errors.append(error); continue
                }
                used.insert("\(file)#\(id)")
                if let problem { errors.append(problem); continue }
                includes += 1
                let shown = directive.block?.lines ?? []
                if let difference = TextDiff.firstDifference(expected: TextDiff.lines(region.text), actual: shown) {
                    errors.append(.blockDiffers(chapter: document.path, line: directive.line, file: file, id: id,
                                                difference: "line \(difference.index + 1) of the block: source has "
                                                    + "\(LineDifference.show(difference.expected)), chapter has "
                                                    + "\(LineDifference.show(difference.actual))"))
                }
            }
        }
        for region in tree.allRegions where !used.contains("\(region.file)#\(region.id)") {
            errors.append(.unusedRegion(file: region.file, line: region.line, id: region.id))
        }
        return ChapterCheckReport(chapters: documents.map(\.path), includesChecked: includes,
                                  regionCount: tree.allRegions.count, outputCount: outputs, errors: errors)
    }

    /// Rewrites include blocks from the sources; when `runOutput` is given, also reruns every
    /// output command (ci or not) and records its stdout. Chapters are only written if they changed.
    /// `selecting(command, ci)` limits the rerun to some recorded commands (all when nil).
    public func write(runOutput: ((OutputRequest) throws -> CommandResult)? = nil,
                      selecting: ((String, Bool) -> Bool)? = nil) throws -> ChapterWriteReport {
        let tree = SourceTree(root: root)
        let (documents, documentErrors) = loadChapters()
        var errors = tree.errors + documentErrors
        var problems: [OutputProblem] = []
        var changed: [String] = []
        let total = runOutput == nil ? 0 : documents.reduce(0) { count, document in
            count + document.directives.filter { if case let .output(command, ci) = $0.kind { selecting?(command, ci) ?? true } else { false } }.count
        }
        var outputIndex = 0
        for document in documents {
            // New block bodies, computed in reading order (so progress is in order), applied in reverse.
            var edits: [(directive: ChapterDirective, body: [String])] = []
            for directive in document.directives {
                // A missing block is inserted below; a block of the wrong language is left for a human.
                if directive.block != nil, let problem = blockProblem(directive, chapter: document.path) {
                    errors.append(problem)
                    continue
                }
                switch directive.kind {
                case let .include(file, id):
                    switch resolve(file: file, id: id, in: tree, chapter: document.path, line: directive.line) {
                    case let .success(region): edits.append((directive, TextDiff.lines(region.text)))
                    case let .failure(error): errors.append(error)
                    }
                case let .output(command, ci):
                    guard let runOutput, selecting?(command, ci) ?? true else { continue }
                    outputIndex += 1
                    let request = OutputRequest(chapter: document.path, line: directive.line, command: command,
                                                index: outputIndex, total: total)
                    switch Self.runRecorded(request, runOutput) {
                    case let .success(stdout): edits.append((directive, RecordedOutput.blockLines(forStdout: stdout)))
                    case let .failure(problem): problems.append(problem)
                    }
                }
            }
            var lines = document.lines
            for (directive, body) in edits.reversed() {
                if let block = directive.block {
                    lines.replaceSubrange((block.openIndex + 1)..<block.closeIndex, with: body)
                } else {
                    lines.insert(contentsOf: ["```\(directive.kind.language)"] + body + ["```"], at: directive.line)
                }
            }
            if lines != document.lines {
                try AtomicFile.write(lines.joined(separator: "\n"), to: root.appendingPathComponent(document.path))
                changed.append(document.path)
            }
        }
        return ChapterWriteReport(changedChapters: changed, errors: errors, outputProblems: problems)
    }

    /// Runs one recorded command, turning a launch failure or non-zero status into a problem.
    static func runRecorded(_ request: OutputRequest,
                            _ run: (OutputRequest) throws -> CommandResult) -> Result<String, OutputProblem> {
        let result: CommandResult
        do {
            result = try run(request)
        } catch {
            return .failure(.couldNotRun(chapter: request.chapter, line: request.line,
                                         command: request.command, reason: "\(error)"))
        }
        guard result.status == 0 else {
            return .failure(.commandFailed(chapter: request.chapter, line: request.line,
                                           command: request.command, status: result.status))
        }
        return .success(result.stdout)
    }

    /// The structural problem with a directive's block, if any (missing, or the wrong language).
    func blockProblem(_ directive: ChapterDirective, chapter: String) -> ChapterSyncError? {
        let language = directive.kind.language
        guard let block = directive.block else {
            return .missingBlock(chapter: chapter, line: directive.line, expectedLanguage: language)
        }
        guard block.language == language else {
            return .wrongBlockLanguage(chapter: chapter, line: directive.line, expected: language,
                                       found: "```\(block.language)")
        }
        return nil
    }

    func resolve(file: String, id: String, in tree: SourceTree, chapter: String,
                 line: Int) -> Result<SnippetRegion, ChapterSyncError> {
        guard tree.files.contains(file) else { return .failure(.unknownFile(chapter: chapter, line: line, file: file)) }
        guard let region = tree.regions[file]?[id] else {
            return .failure(.unknownRegion(chapter: chapter, line: line, file: file, id: id))
        }
        return .success(region)
    }
}
