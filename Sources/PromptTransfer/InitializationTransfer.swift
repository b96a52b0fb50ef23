// Transfer as initialisation (chapter 8): instead of scoring a source prompt on a target as it
// is, start the target's prompt tuning from it. A good start shows as a dev curve that rises
// sooner; Su et al. report that prompts of similar tasks "significantly accelerate" prompt
// tuning. Four starts per target: the best source of the same type and the best of another type
// (both by the transfer matrix), a prompt trained on many tasks at once, and a random one.

import ContinualLoop
import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public enum StartKind: String, Codable, CaseIterable, Sendable {
    case sameType = "best same-type source"
    case crossType = "best cross-type source"
    case multitask = "multi-task prompt"
    case random = "random"
    /// A prompt of another model carried over by a trained projector (the projector study).
    case projected = "projected from the second model"

    /// The starts the transfer study compares for every initialisation target.
    public static let studyStarts: [StartKind] = [.sameType, .crossType, .multitask, .random]
}

// snippet.init-curve
/// One target trained from one start: dev F1 before training (epoch 0) and after every epoch.
public struct InitCurve: Codable, Equatable, Sendable {
    public let target: String
    public let start: StartKind
    /// The source task whose prompt was the start (nil for the multi-task and random starts).
    public let source: String?
    /// devF1[e]: dev F1 after e epochs; devF1[0] is the start's own zero-shot score.
    public let devF1: [Double]

    public init(target: String, start: StartKind, source: String?, devF1: [Double]) {
        (self.target, self.start, self.source, self.devF1) = (target, start, source, devF1)
    }

    /// The first epoch after which dev F1 reaches `fraction` of `reference` (the random start's
    /// final F1); 0 when the start already does; nil when it never does within the budget.
    public func epochs(toReach fraction: Double, of reference: Double) -> Int? {
        devF1.firstIndex { $0 >= fraction * reference }
    }

    /// Mean dev F1 over epochs 1...n relative to the same mean of `random`: above 1 when this
    /// start stays ahead on average (an area-under-the-curve speed-up that, unlike an epoch
    /// count, ranks starts that never reach a threshold too).
    public func speedUp(over random: InitCurve) -> Double? {
        let (mine, theirs) = (devF1.dropFirst(), random.devF1.dropFirst())
        guard !mine.isEmpty, mine.count == theirs.count else { return nil }
        let reference = theirs.reduce(0, +)
        return reference > 0 ? mine.reduce(0, +) / reference : nil
    }
}
// snippet.end

/// Which sources the two transfer starts use for `target`: the highest relative transfer among
/// sources of the target's type, and among the others (nil when the study has none). Within one
/// target column relative transfer orders sources as raw F1 does, so raw F1 is compared: it
/// still orders them when the target's own prompt scores 0 and every ratio is undefined.
public func chooseSources(target: String, matrix: TransferMatrix) -> (sameType: String?, crossType: String?) {
    guard let t = matrix.tasks.firstIndex(of: target), let kind = Benchmark.task(target)?.kind else { return (nil, nil) }
    func best(_ sameKind: Bool) -> String? {
        let candidates = matrix.tasks.indices.filter { $0 != t && (Benchmark.task(matrix.tasks[$0])?.kind == kind) == sameKind }
        return candidates.max { (matrix.f1[$0][t] ?? -1, $1) < (matrix.f1[$1][t] ?? -1, $0) }
            .map { matrix.tasks[$0] }   // ties to the earlier task
    }
    return (best(true), best(false))
}

/// Trains (or resumes, or loads) the prompt of `target` from `start`; the curve is saved as
/// `folder/<target>-<start>.json`, the tuner's checkpoint under `folder/<target>-<start>/`.
public func initCurve(target: TaskData, start: StartKind, source: String?, values: [Float]?, model: T5Model, vocabulary: Vocabulary,
                      layout: PromptLayout, options: TransferOptions, folder: URL) throws -> InitCurve {
    let name = "\(target.spec.id)-\(start.rawValue.replacingOccurrences(of: " ", with: "-"))"
    let file = folder.appendingPathComponent("\(name).json")
    if let data = try? Data(contentsOf: file) {
        guard let saved = try? JSONDecoder().decode(InitCurve.self, from: data), saved.target == target.spec.id,
              saved.start == start, saved.source == source else {
            throw TransferError.malformedFile(path: file.path, reason: "not the curve of \(target.spec.id) from \(source ?? start.rawValue)")
        }
        return saved
    }
    let checkpoint = folder.appendingPathComponent(name)
    let startFile = checkpoint.appendingPathComponent("start-f1.json")
    let tuning = options.experiment.tuning(for: .cpt, kind: target.spec.kind)
    let bar = ProgressLine("[init] \(target.spec.id) from \(source ?? start.rawValue)", total: (target.train.count + tuning.batchSize - 1) / tuning.batchSize)
    let trained = try tunePrompt(model: model, vocabulary: vocabulary, task: target, layout: layout,
                                 start: values.map { .copy($0) } ?? .random(std: 0.02),
                                 seed: options.promptSeed(target.spec.id) &+ 5000, tuning: tuning, checkpoint: checkpoint,
                                 startScore: { try SafeFile.write(JSONEncoder().encode($0), to: startFile) },
                                 progress: { bar.update($0, detail: String(format: "loss %.3f", $1)) })
    guard let data = try? Data(contentsOf: startFile), let first = try? JSONDecoder().decode(Double.self, from: data) else {
        throw TransferError.malformedFile(path: startFile.path, reason: "the start's dev F1 is missing")
    }
    let curve = InitCurve(target: target.spec.id, start: start, source: source, devF1: [first] + trained.history.map { $0.devF1 ?? .nan })
    try SafeFile.write(JSONEncoder().encode(curve), to: file)
    try? FileManager.default.removeItem(at: checkpoint)
    return curve
}
