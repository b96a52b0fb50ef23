// Cross-model transfer in miniature (chapter 8, the paper's third claim). A second backbone of
// another width is the source model and the shipped tiny-UIE the target. Steps, each resumable in
// the study's folder: (1) a deep prompt per task on each model, at the main job's budget; (2) the
// projector, trained by task tuning on one task: that task's source prompt goes through it into the
// frozen target model; (3) every held-out task's source prompt projected, scored zero-shot on the
// target model, and used as the start of the target's prompt tuning, against a random start.

import ContinualLoop
import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public struct ProjectorOptions: Codable, Equatable, Sendable {
    /// The task the projector learns on (task tuning on the target model).
    public var trainTask: String
    /// Tasks the projector never saw: projected zero-shot and as initialisation.
    public var heldOut: [String]
    /// Budget of every prompt, and of the projector's task tuning (its task's prompt budget).
    public var experiment = ExperimentOptions()
    /// Hidden units of the projector's MLP.
    public var hidden = 256
    /// Adam's rate for the projector (an MLP: chapter 4's reparameterisation uses the same).
    public var learningRate: Float = 0.003
    public var seed: UInt64 = 7

    public init(trainTask: String, heldOut: [String], experiment: ExperimentOptions = ExperimentOptions()) {
        (self.trainTask, self.heldOut, self.experiment) = (trainTask, heldOut, experiment)
    }

    public var tasks: [String] { [trainTask] + heldOut }

    public func validate() throws {
        var seen = Set<String>()
        for id in tasks {
            guard Benchmark.tasks.contains(where: { $0.id == id }) else { throw TransferError.unknownTask(id) }
            guard seen.insert(id).inserted else { throw TransferError.duplicateTask(id) }
        }
        guard !heldOut.isEmpty else {
            throw TransferError.invalidOption(name: "held-out tasks", value: "none", reason: "name at least one task the projector does not train on")
        }
        guard (1...4096).contains(hidden) else {
            throw TransferError.invalidOption(name: "hidden", value: "\(hidden)", reason: "must lie in 1...4096")
        }
        guard learningRate.isFinite, learningRate > 0, learningRate <= 1 else {
            throw TransferError.invalidOption(name: "projector learning rate", value: "\(learningRate)", reason: "must lie in (0, 1]")
        }
    }

    /// The bank and curve helpers take a transfer study's options: the same budget and seeds.
    var asTransferOptions: TransferOptions { TransferOptions(tasks: tasks, initTargets: [], experiment: experiment) }
}

/// One held-out task: its own prompts' F1 on each model, the projected prompt's, and two curves.
public struct ProjectedTask: Codable, Equatable, Sendable {
    public let task: String
    public let sourceOwnF1: Double, targetOwnF1: Double, projectedF1: Double
    public let projected: InitCurve, random: InitCurve
}

public struct ProjectorResult: Codable, Equatable, Sendable {
    public let options: ProjectorOptions
    public let sourceParameters: Int, targetParameters: Int, projectorParameters: Int
    /// The train task: its source prompt projected after training, and the target's own prompt.
    public let trainProjectedF1: Double, trainTargetOwnF1: Double
    public let heldOut: [ProjectedTask]
}

public struct ProjectorStudy {
    public let folder: URL, sourceBackbone: URL, targetBackbone: URL
    public let options: ProjectorOptions
    /// A transfer study's folder (`lpt transfer --output`) on the same target model at the same
    /// budget: its prompts are this study's target-model prompts (the same seeds give the same
    /// prompts), and missing ones are trained into it. nil: this study trains its own.
    public var transferStudy: URL?

    public init(folder: URL, sourceBackbone: URL, targetBackbone: URL, options: ProjectorOptions) {
        (self.folder, self.sourceBackbone, self.targetBackbone, self.options) = (folder, sourceBackbone, targetBackbone, options)
    }

    /// Where the target model's prompts live, after checking that a shared transfer study used
    /// this study's budget and target backbone.
    func targetPromptFolder() throws -> URL {
        guard let study = transferStudy else { return folder.appendingPathComponent("target-prompts") }
        struct Saved: Codable { let options: TransferOptions; let backbone: String }
        let url = study.appendingPathComponent("settings.json")
        guard let data = try? Data(contentsOf: url), let saved = try? JSONDecoder().decode(Saved.self, from: data) else {
            throw TransferError.malformedFile(path: url.path, reason: "not the settings of a transfer study (run lpt transfer first, or leave the flag out)")
        }
        let shipped = targetBackbone.standardizedFileURL == Backbone.shippedFolder.standardizedFileURL
        let differences = JobSettings.optionDifferences(saved: saved.options.experiment, now: options.experiment, method: .cpt)
            + (saved.backbone == (shipped ? "shipped tiny-UIE" : targetBackbone.standardizedFileURL.path) ? [] : ["backbone \(saved.backbone)"])
        guard differences.isEmpty else { throw TransferError.settingsChanged(path: study.path, differences: differences) }
        return study.appendingPathComponent("prompts")
    }

    // snippet.projector-study
    public func run(log: @escaping (String) -> Void) throws -> ProjectorResult {
        try OutputFolder.claim(folder)
        try options.validate()
        try checkOrRecordSettings()
        let (source, sourceVocabulary) = try Backbone.load(from: sourceBackbone)
        let (target, vocabulary) = try Backbone.load(from: targetBackbone)
        guard sourceVocabulary.count == vocabulary.count else {
            throw TransferError.invalidOption(name: "second backbone", value: sourceBackbone.path,
                                              reason: "its vocabulary has \(sourceVocabulary.count) tokens, the target's \(vocabulary.count)")
        }
        let length = options.experiment.promptLength
        let (sourceLayout, layout) = (PromptLayout(.deep, for: source.config, length: length), PromptLayout(.deep, for: target.config, length: length))
        let data = try options.tasks.map(options.experiment.taskData)
        let transfer = options.asTransferOptions

        log("[1/3] a deep prompt per task on each model (\(options.tasks.count) tasks)")
        let sourcePrompts = try PromptBank(folder: folder.appendingPathComponent("source-prompts"), layout: sourceLayout)
            .trainAll(data, model: source, vocabulary: vocabulary, options: transfer, log: { log("source model " + $0) })
        let targetPrompts = try PromptBank(folder: try targetPromptFolder(), layout: layout)
            .trainAll(data, model: target, vocabulary: vocabulary, options: transfer, log: { log("target model " + $0) })

        log("[2/3] the projector, task-tuned on \(options.trainTask) through the frozen target model")
        let projector = try trainProjector(source: sourcePrompts[0].values, sourceLayout: sourceLayout, layout: layout,
                                           task: data[0], model: target, vocabulary: vocabulary, log: log)

        log("[3/3] held-out tasks: projected prompts zero-shot and as a start")
        func testF1(_ model: T5Model, _ l: PromptLayout, _ values: [Float], _ task: TaskData) throws -> Double {
            let inputs = withNoGrad { l.inputs(Tensor(values, shape: l.shape)) }
            return try headlineF1(model: model, vocabulary: vocabulary, task: task, examples: Array(task.test.prefix(options.experiment.testLimit)),
                                  prompts: inputs, constrained: true)
        }
        func projected(_ k: Int) throws -> [Float] {
            try ProjectedPrompt.project(sourcePrompts[k].values, sourceLayout: sourceLayout, layout: layout, projector: projector)
        }
        let trainProjectedF1 = try testF1(target, layout, try projected(0), data[0])
        let trainTargetOwnF1 = try testF1(target, layout, targetPrompts[0].values, data[0])
        var heldOut: [ProjectedTask] = []
        for k in 1..<data.count {
            let task = data[k], values = try projected(k)
            let scores = (try testF1(source, sourceLayout, sourcePrompts[k].values, task), try testF1(target, layout, targetPrompts[k].values, task),
                          try testF1(target, layout, values, task))
            let curveFolder = folder.appendingPathComponent("init")
            let fromProjection = try initCurve(target: task, start: .projected, source: task.spec.id, values: values, model: target,
                                               vocabulary: vocabulary, layout: layout, options: transfer, folder: curveFolder)
            let fromRandom = try initCurve(target: task, start: .random, source: nil, values: nil, model: target,
                                           vocabulary: vocabulary, layout: layout, options: transfer, folder: curveFolder)
            heldOut.append(ProjectedTask(task: task.spec.id, sourceOwnF1: scores.0, targetOwnF1: scores.1, projectedF1: scores.2,
                                         projected: fromProjection, random: fromRandom))
            log(String(format: "[held out %d/%d] %@: own prompt %.1f (source model) / %.1f (target); projected %.1f zero-shot; dev %.1f -> %.1f from it, %.1f -> %.1f from random",
                       k, data.count - 1, task.spec.id, scores.0, scores.1, scores.2, fromProjection.devF1.first ?? .nan,
                       fromProjection.devF1.last ?? .nan, fromRandom.devF1.first ?? .nan, fromRandom.devF1.last ?? .nan))
        }
        let weights = projector.weights
        return ProjectorResult(options: options, sourceParameters: source.parameterCount, targetParameters: target.parameterCount,
                               projectorParameters: weights.w1.count + weights.b1.count + weights.w2.count + weights.b2.count,
                               trainProjectedF1: trainProjectedF1, trainTargetOwnF1: trainTargetOwnF1, heldOut: heldOut)
    }
    // snippet.end

    /// Task tuning: chapter 4's tuner on the target model, the projector the only thing it trains,
    /// kept at its best dev epoch. Saved to `projector.safetensors`, so done once.
    func trainProjector(source: [Float], sourceLayout: PromptLayout, layout: PromptLayout, task: TaskData, model: T5Model,
                        vocabulary: Vocabulary, log: (String) -> Void) throws -> PromptProjector {
        let file = folder.appendingPathComponent("projector.safetensors")
        let shape = (inWidth: sourceLayout.width, hidden: options.hidden, outWidth: layout.width)
        if FileManager.default.fileExists(atPath: file.path) { return try loadProjector(file, shape: shape) }
        let projector = PromptProjector(ProjectorWeights(inWidth: shape.inWidth, hidden: shape.hidden, outWidth: shape.outWidth, seed: options.seed))
        let prompt = try ProjectedPrompt(source: source, sourceLayout: sourceLayout, layout: layout, projector: projector,
                                         learningRate: options.learningRate)
        let tuning = options.experiment.tuning(for: .cpt, kind: task.spec.kind)
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: prompt, task: TuningTask(task), options: tuning)
        let checkpoint = folder.appendingPathComponent("projector.partial")
        try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: true)
        _ = try tuner.resume(from: checkpoint)
        let bar = ProgressLine("[projector] \(task.spec.id)", total: tuner.stepsPerEpoch)
        let clock = Date()
        try tuner.run(checkpointFolder: checkpoint, progress: { bar.update($0, detail: String(format: "loss %.3f", $1)) })
        let w = projector.weights
        try Safetensors.write(["w1": StoredTensor(floats: w.w1, shape: [w.hidden, w.inWidth]), "b1": StoredTensor(floats: w.b1, shape: [w.hidden]),
                               "w2": StoredTensor(floats: w.w2, shape: [w.outWidth, w.hidden]), "b2": StoredTensor(floats: w.b2, shape: [w.outWidth])], to: file)
        try? FileManager.default.removeItem(at: checkpoint)
        log(String(format: "[projector] %@: best dev F1 %.1f after %d epochs (%.0f s)", task.spec.id, tuner.bestF1, tuner.history.count,
                   Date().timeIntervalSince(clock)))
        return projector
    }

    func loadProjector(_ file: URL, shape: (inWidth: Int, hidden: Int, outWidth: Int)) throws -> PromptProjector {
        let stored = try Safetensors.read(file)
        func floats(_ name: String, _ count: Int) throws -> [Float] {
            switch Safetensors.finiteFloats(name, in: stored, count: count) {
            case .success(let values): return values
            case .failure(let defect): throw TransferError.malformedFile(path: file.path, reason: "\(defect)")
            }
        }
        return PromptProjector(ProjectorWeights(inWidth: shape.inWidth, hidden: shape.hidden, outWidth: shape.outWidth,
                                                w1: try floats("w1", shape.hidden * shape.inWidth), b1: try floats("b1", shape.hidden),
                                                w2: try floats("w2", shape.outWidth * shape.hidden), b2: try floats("b2", shape.outWidth)))
    }

    /// Records the settings and both backbones' checksums in `settings.json`, or refuses a folder
    /// made with others (its prompts and projector would not belong to this run).
    func checkOrRecordSettings() throws {
        struct Saved: Codable, Equatable { let options: ProjectorOptions; let source: String; let target: String }
        func sums(_ folder: URL) -> String {
            (try? String(contentsOf: folder.appendingPathComponent("SHA256SUMS"), encoding: .utf8)) ?? folder.standardizedFileURL.path
        }
        let now = Saved(options: options, source: sums(sourceBackbone), target: sums(targetBackbone))
        let url = folder.appendingPathComponent("settings.json")
        if FileManager.default.fileExists(atPath: url.path) {
            guard let data = try? Data(contentsOf: url), let saved = try? JSONDecoder().decode(Saved.self, from: data) else {
                throw TransferError.malformedFile(path: url.path, reason: "not the settings a projector study writes")
            }
            guard saved != now else { return }
            var changes: [String] = []
            if saved.options.tasks != now.options.tasks { changes.append("tasks \(saved.options.tasks.joined(separator: ",")) (now \(now.options.tasks.joined(separator: ",")))") }
            if saved.source != now.source { changes.append("the second backbone") }
            if saved.target != now.target { changes.append("the target backbone") }
            if (saved.options.hidden, saved.options.learningRate, saved.options.seed) != (now.options.hidden, now.options.learningRate, now.options.seed) {
                changes.append("projector settings")
            }
            changes += JobSettings.optionDifferences(saved: saved.options.experiment, now: options.experiment, method: .cpt)
            throw TransferError.settingsChanged(path: folder.path, differences: changes.isEmpty ? ["(unrecognised difference)"] : changes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SafeFile.write(encoder.encode(now), to: url)
    }
}

extension ProjectorResult {
    /// The chapter's table: one row per held-out task.
    public var table: String {
        var lines = ["Projector trained on \(options.trainTask): its projected prompt scores \(String(format: "%.1f", trainProjectedF1)) on the target model (own prompt \(String(format: "%.1f", trainTargetOwnF1)))",
                     "Models: source \(sourceParameters) parameters, target \(targetParameters); projector \(projectorParameters) parameters", "",
                     "| held-out task | type | own prompt, source model | own prompt, target model | projected, zero-shot | relative | epochs to 90%: projected / random | mean dev F1 vs random |",
                     "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for row in heldOut {
            let kind = Benchmark.task(row.task)?.kind.shortName ?? "?"
            let reference = row.random.devF1.last ?? .nan
            func epochs(_ c: InitCurve) -> String { c.epochs(toReach: 0.9, of: reference).map(String.init) ?? "never" }
            let relative = row.targetOwnF1 > 0 ? String(format: "%.0f%%", 100 * row.projectedF1 / row.targetOwnF1) : "n/a"
            let speed = row.projected.speedUp(over: row.random).map { String(format: "%.2f", $0) } ?? "n/a"
            lines.append(String(format: "| %@ | %@ | %.1f | %.1f | %.1f | %@ | %@ / %@ | %@ |", row.task, kind, row.sourceOwnF1, row.targetOwnF1,
                                row.projectedF1, relative, epochs(row.projected), epochs(row.random), speed))
        }
        return lines.joined(separator: "\n")
    }
}

extension ProjectorResult {
    /// Dev F1 after each epoch: one panel per held-out task, from its projected prompt and from random.
    public var curveFigure: String {
        let plots = heldOut.map { row in
            LinePlot(title: row.task, xLabel: "epochs", yLabel: "dev F1 (target model)",
                     series: [.init(name: "from its projected prompt", ys: row.projected.devF1), .init(name: "from random", ys: row.random.devF1)])
        }
        return LinePlot.panels(plots, columns: 2, title: "Projected prompts as a start: dev F1 after each epoch")
    }
}
