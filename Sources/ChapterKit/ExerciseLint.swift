// The exercise metadata lint: catalog order, stub rules, a solution and a
// test per exercise, and no stray files. Runs as an ordinary test and as `chapter-tool lint-exercises`.

import Foundation

/// One lint finding. Paths are relative to the package root.
public enum ExerciseProblem: Error, CustomStringConvertible, Equatable, Sendable {
    case catalogUnreadable(reason: String)
    case malformedID(id: String)
    case chapterMismatch(id: String, chapter: Int)
    case duplicateID(id: String)
    case outOfOrder(id: String, previous: String)
    case missingStub(id: String, path: String)
    case stubOutsideChapterFolder(id: String, path: String, expectedFolder: String)
    case stubNameMismatch(id: String, path: String, expectedPrefix: String)
    case missingTODO(id: String, path: String)
    case missingUnimplemented(id: String, path: String)
    case usesFatalError(id: String, path: String, line: Int)
    case stubTooLong(id: String, path: String, lines: Int, limit: Int)
    case missingSolution(id: String, path: String)
    case missingTest(id: String, testFile: String, functionPrefix: String)
    case emptyHint(id: String, level: Int)
    case hintLevels(id: String, count: Int)
    case codeInHint(id: String, level: Int, fragments: [String])
    case strayFile(path: String)

    public var description: String {
        switch self {
        case let .catalogUnreadable(reason): return "exercise catalog: \(reason)"
        case let .malformedID(id): return "exercise '\(id)': id must be 'C.N' (chapter.number, e.g. '3.2')"
        case let .chapterMismatch(id, chapter): return "exercise \(id): chapter is \(chapter) but the id says otherwise"
        case let .duplicateID(id): return "exercise \(id): listed more than once"
        case let .outOfOrder(id, previous): return "exercise \(id): listed after \(previous); keep ids in order"
        case let .missingStub(id, path): return "exercise \(id): stub \(path) does not exist"
        case let .stubOutsideChapterFolder(id, path, folder): return "exercise \(id): stub \(path) must be in \(folder)/"
        case let .stubNameMismatch(id, path, prefix):
            return "exercise \(id): stub file name of \(path) must start with '\(prefix)' and end in .swift"
        case let .missingTODO(id, path): return "exercise \(id): \(path) has no 'TODO(\(id))'"
        case let .missingUnimplemented(id, path):
            return "exercise \(id): \(path) never does 'throw Unimplemented(\"\(id)\")'"
        case let .usesFatalError(id, path, line):
            return "\(path):\(line): exercise \(id) uses fatalError, which kills the whole test run; throw instead"
        case let .stubTooLong(id, path, lines, limit):
            return "exercise \(id): \(path) has \(lines) lines; stubs stay at or under \(limit)"
        case let .missingSolution(id, path): return "exercise \(id): solution \(path) does not exist"
        case let .missingTest(id, file, prefix): return "exercise \(id): \(file) has no test function '\(prefix)…'"
        case let .emptyHint(id, level): return "exercise \(id): hint level \(level) is empty"
        case let .hintLevels(id, count):
            return "exercise \(id): has \(count) hint level(s); give exactly \(ExerciseLint.hintLevels) (nudge, strategy, plan)"
        case let .codeInHint(id, level, fragments):
            return "exercise \(id): hint level \(level) reads as code (\(fragments.joined(separator: " "))); hints say it in words"
        case let .strayFile(path): return "\(path): not a listed stub or solution (list it in exercises.json or remove it)"
        }
    }
}

public enum ExerciseLint {
    public static let stubLineLimit = 60
    public static let hintLevels = 3
    static let stubRoot = "exercises/Stubs"
    static let solutionRoot = "exercises/Solutions"

    /// Loads the catalog under `root` and lints it; an unreadable catalog is itself a problem.
    /// Stubs the learner has edited are judged by their committed text (see `LearnerChanges`).
    public static func lint(root: URL) -> [ExerciseProblem] {
        do {
            let catalog = try ExerciseCatalog.load(root: root)
            return lint(catalog, root: root, changes: LearnerChanges.detect(root: root, stubs: catalog.exercises.map(\.stub)))
        } catch {
            return [.catalogUnreadable(reason: "\(error)")]
        }
    }

    /// Every problem with `catalog` against the files under `root`; empty means clean.
    public static func lint(_ catalog: ExerciseCatalog, root: URL, changes: LearnerChanges = LearnerChanges()) -> [ExerciseProblem] {
        var problems: [ExerciseProblem] = []
        var seen: Set<String> = []
        var previous: (id: String, key: [Int])?
        var allowed: Set<String> = []
        for exercise in catalog.exercises {
            let id = exercise.id
            if exercise.hints.count != hintLevels { problems.append(.hintLevels(id: id, count: exercise.hints.count)) }
            for (index, hint) in exercise.hints.enumerated() {
                if hint.trimmingSpaces().isEmpty { problems.append(.emptyHint(id: id, level: index + 1)) }
                let code = HintLint.codeFragments(in: hint)
                if !code.isEmpty { problems.append(.codeInHint(id: id, level: index + 1, fragments: code)) }
            }
            guard let (chapter, number) = parseID(id) else {
                problems.append(.malformedID(id: id))
                continue
            }
            if seen.contains(id) {
                problems.append(.duplicateID(id: id))
            } else if let previous, previous.key.lexicographicallyPrecedes([chapter, number]) == false {
                problems.append(.outOfOrder(id: id, previous: previous.id))
            }
            seen.insert(id)
            previous = (id, [chapter, number])
            if exercise.chapter != chapter { problems.append(.chapterMismatch(id: id, chapter: exercise.chapter)) }

            let folder = String(format: "Ch%02d", chapter)
            let fileName = (exercise.stub as NSString).lastPathComponent
            let solution = "\(solutionRoot)/\(folder)/\(fileName)"
            allowed.formUnion([exercise.stub, solution])
            problems += stubProblems(exercise, chapter: chapter, number: number, folder: folder, root: root, changes: changes)
            if !exists(solution, root) { problems.append(.missingSolution(id: id, path: solution)) }

            let testFile = "Tests/ExerciseTests/\(folder)Tests.swift"
            let prefix = "ex\(chapter)_\(number)_"
            let tests = (try? String(contentsOf: root.appendingPathComponent(testFile), encoding: .utf8)) ?? ""
            if !declaresFunction(withPrefix: prefix, in: tests) {
                problems.append(.missingTest(id: id, testFile: testFile, functionPrefix: prefix))
            }
        }
        problems += strayFiles(allowed: allowed, root: root).map { .strayFile(path: $0) }
        return problems
    }

    /// The stub's own rules: location, name, markers, no fatalError, length. A stub the learner
    /// has edited is judged by its committed text: their solution rightly has no marker left.
    static func stubProblems(_ exercise: Exercise, chapter: Int, number: Int, folder: String,
                             root: URL, changes: LearnerChanges = LearnerChanges()) -> [ExerciseProblem] {
        let id = exercise.id
        let path = exercise.stub
        var problems: [ExerciseProblem] = []
        let expectedFolder = "\(stubRoot)/\(folder)"
        if (path as NSString).deletingLastPathComponent != expectedFolder {
            problems.append(.stubOutsideChapterFolder(id: id, path: path, expectedFolder: expectedFolder))
        }
        let prefix = "Ex\(chapter)_\(number)_"
        let fileName = (path as NSString).lastPathComponent
        if !fileName.hasPrefix(prefix) || !fileName.hasSuffix(".swift") {
            problems.append(.stubNameMismatch(id: id, path: path, expectedPrefix: prefix))
        }
        guard let text = changes.committedText(of: path)
                ?? (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) else {
            return problems + [.missingStub(id: id, path: path)]
        }
        if !text.contains("TODO(\(id))") { problems.append(.missingTODO(id: id, path: path)) }
        if !text.contains("throw Unimplemented(\"\(id)\")") { problems.append(.missingUnimplemented(id: id, path: path)) }
        let lines = TextDiff.lines(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        if let index = lines.firstIndex(where: { $0.contains("fatalError") }) {
            problems.append(.usesFatalError(id: id, path: path, line: index + 1))
        }
        if lines.count > stubLineLimit {
            problems.append(.stubTooLong(id: id, path: path, lines: lines.count, limit: stubLineLimit))
        }
        return problems
    }

    /// "C.N" with canonical positive integers, else nil.
    static func parseID(_ id: String) -> (Int, Int)? {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let chapter = Int(parts[0]), let number = Int(parts[1]),
              chapter > 0, number > 0, "\(chapter).\(number)" == id else { return nil }
        return (chapter, number)
    }

    /// True if `source` declares `func <prefix>…` (any whitespace after `func`).
    static func declaresFunction(withPrefix prefix: String, in source: String) -> Bool {
        var rest = Substring(source)
        while let range = rest.range(of: "func") {
            let after = rest[range.upperBound...]
            let name = after.drop { $0 == " " || $0 == "\t" }
            if name.startIndex != after.startIndex, name.hasPrefix(prefix) { return true }
            rest = after
        }
        return false
    }

    /// Files under the stub and solution trees that are neither `allowed` nor a README.md.
    static func strayFiles(allowed: Set<String>, root: URL) -> [String] {
        var stray: [String] = []
        for base in [stubRoot, solutionRoot] {
            let directory = root.appendingPathComponent(base)
            guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let path = "\(base)/\(relative)"
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path,
                                                   isDirectory: &isDirectory)
                let name = (relative as NSString).lastPathComponent
                // .DS_Store is Finder's litter on a learner's Mac, never committed; it must not fail their tests.
                if isDirectory.boolValue || name == "README.md" || name == ".DS_Store" || allowed.contains(path) {
                    continue
                }
                stray.append(path)
            }
        }
        return stray.sorted()
    }

    static func exists(_ path: String, _ root: URL) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }
}
