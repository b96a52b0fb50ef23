// The settings of one prompt-transferability study (chapter 8) and the errors it reports. A
// study folder records its settings on the first run (settings.json) and resumes only with the
// same ones: prompts trained at one budget must never be crossed with prompts of another.

import ContinualLoop
import Diagrams
import Foundation
import SEL

// snippet.transfer-options
public struct TransferOptions: Codable, Equatable, Sendable {
    /// The tasks whose prompts are trained and crossed: each is a source and a target.
    public var tasks: [String]
    /// Sizes, epochs and rates of every prompt. The defaults are the main job's per-task budget
    /// for its per-task deep prompts (chapter 6's C-PT): length 20, Adam 0.3, 1,000 sentences,
    /// 10 epochs, 20 for relation and event tasks, dev 100, test 300.
    public var experiment = ExperimentOptions()
    /// Targets of the initialisation experiment (a subset of `tasks`). The multi-task start is
    /// trained on the other tasks, so it has never seen the target.
    public var initTargets: [String]
    /// Dev sentences per task behind chapter 7's data-based neuron signatures.
    public var signatureExamples = 32
    /// Share of encoder neurons per block in those signatures (chapter 7's default).
    public var signatureFraction = 0.1

    public init(tasks: [String], initTargets: [String], experiment: ExperimentOptions = ExperimentOptions()) {
        (self.tasks, self.initTargets, self.experiment) = (tasks, initTargets, experiment)
    }
}
// snippet.end

public enum TransferError: Error, CustomStringConvertible, Equatable {
    case unknownTask(String)
    case duplicateTask(String)
    case tooFewTasks(Int)
    case initTargetOutsideStudy(String)
    case noMultitaskSources
    case invalidOption(name: String, value: String, reason: String)
    case malformedFile(path: String, reason: String)
    /// The folder holds a study made with other settings; each entry reads "tasks a,b (now a,c)".
    case settingsChanged(path: String, differences: [String])

    public var description: String {
        switch self {
        case .unknownTask(let t): return "unknown task '\(t)'; tasks: \(Benchmark.tasks.map(\.id).joined(separator: ", "))"
        case .duplicateTask(let t): return "task '\(t)' is listed twice"
        case .tooFewTasks(let n): return "a transfer study needs at least two tasks, got \(n)"
        case .initTargetOutsideStudy(let t): return "initialisation target '\(t)' is not one of the study's tasks"
        case .noMultitaskSources: return "every task is an initialisation target, so no task is left to train the multi-task start on"
        case .invalidOption(let n, let v, let r): return "\(n) = \(v): \(r)"
        case .malformedFile(let p, let r): return "\(p): not usable (\(r)); remove it to recompute"
        case .settingsChanged(let p, let d):
            return "\(p) holds a study made with other settings: \(d.joined(separator: ", ")); rerun with those settings to resume, or choose another folder"
        }
    }
}

extension TransferOptions {
    /// Throws the first problem: unknown or repeated tasks, fewer than two, targets outside the
    /// study, no task left for the multi-task start, sizes out of range.
    public func validate() throws {
        guard tasks.count >= 2 else { throw TransferError.tooFewTasks(tasks.count) }
        var seen = Set<String>()
        for id in tasks {
            guard Benchmark.tasks.contains(where: { $0.id == id }) else { throw TransferError.unknownTask(id) }
            guard seen.insert(id).inserted else { throw TransferError.duplicateTask(id) }
        }
        var targets = Set<String>()
        for id in initTargets {
            guard seen.contains(id) else { throw TransferError.initTargetOutsideStudy(id) }
            guard targets.insert(id).inserted else { throw TransferError.duplicateTask(id) }
        }
        if !initTargets.isEmpty && targets.count == tasks.count { throw TransferError.noMultitaskSources }
        guard signatureExamples >= 1 else {
            throw TransferError.invalidOption(name: "signatureExamples", value: "\(signatureExamples)", reason: "must be at least 1")
        }
        guard signatureFraction > 0 && signatureFraction <= 1 else {
            throw TransferError.invalidOption(name: "signatureFraction", value: "\(signatureFraction)", reason: "must lie in (0, 1]")
        }
    }

    /// The study's tasks in the heatmap's order: by type (NER, RE, EE, ABSA), then as the
    /// benchmark lists them, so same-type blocks sit on the diagonal.
    public var tasksByType: [String] {
        func key(_ id: String) -> (Int, Int) {
            let index = Benchmark.tasks.firstIndex { $0.id == id } ?? Int.max
            let kind = Benchmark.task(id).map { TaskKind.allCases.firstIndex(of: $0.kind)! } ?? Int.max
            return (kind, index)
        }
        return tasks.sorted { key($0) < key($1) }
    }

    /// Each task's own initialisation seed: a different random start per task (see PromptSimilarity).
    public func promptSeed(_ task: String) -> UInt64 {
        UInt64(100 + (Benchmark.tasks.firstIndex { $0.id == task } ?? 0))
    }

    /// Records these settings in `folder/settings.json`, or checks them against the saved ones.
    public func checkOrRecord(in folder: URL, backbone: String) throws {
        struct Saved: Codable, Equatable { let options: TransferOptions; let backbone: String }
        let url = folder.appendingPathComponent("settings.json")
        let now = Saved(options: self, backbone: backbone)
        if FileManager.default.fileExists(atPath: url.path) {
            guard let data = try? Data(contentsOf: url), let saved = try? JSONDecoder().decode(Saved.self, from: data) else {
                throw TransferError.malformedFile(path: url.path, reason: "not the settings a transfer study writes")
            }
            guard saved != now else { return }
            var changes: [String] = []
            func note(_ name: String, _ old: String, _ new: String) { if old != new { changes.append("\(name) \(old) (now \(new))") } }
            note("tasks", saved.options.tasks.joined(separator: ","), tasks.joined(separator: ","))
            note("init targets", saved.options.initTargets.joined(separator: ","), initTargets.joined(separator: ","))
            note("signature examples", "\(saved.options.signatureExamples)", "\(signatureExamples)")
            note("signature fraction", "\(saved.options.signatureFraction)", "\(signatureFraction)")
            note("backbone", saved.backbone, backbone)
            changes += JobSettings.optionDifferences(saved: saved.options.experiment, now: experiment, method: .cpt)
            throw TransferError.settingsChanged(path: folder.path, differences: changes.isEmpty ? ["(unrecognised difference)"] : changes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SafeFile.write(encoder.encode(now), to: url)
    }
}
