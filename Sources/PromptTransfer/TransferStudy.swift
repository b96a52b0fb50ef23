// The whole study of chapter 8 on one backbone, resumable in one folder: a prompt per task
// (prompts/), the transfer matrix (matrix.json), the indicators and their rank correlations
// (recomputed: seconds), and the initialisation curves (init/, with the multi-task start in
// multitask/). `stage08-prompt-transfer` runs it small, `lpt transfer` at the main job's budget.

import ContinualLoop
import Diagrams
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

public struct TransferStudyResult: Sendable {
    public let options: TransferOptions
    public let prompts: [TrainedPrompt]
    /// Own test F1 of each task's prompt: the matrix diagonal.
    public let matrix: TransferMatrix
    public let indicators: IndicatorTable
    public let curves: [InitCurve]
}

public struct TransferStudy {
    public let options: TransferOptions
    public let backbone: URL
    public let folder: URL

    public init(options: TransferOptions, backbone: URL, folder: URL) throws {
        try options.validate()
        (self.options, self.backbone, self.folder) = (options, backbone, folder)
    }

    // snippet.study-run
    public func run(log: @escaping (String) -> Void) throws -> TransferStudyResult {
        try OutputFolder.claim(folder)   // one writer per study folder
        let shipped = backbone.standardizedFileURL == Backbone.shippedFolder.standardizedFileURL
        try options.checkOrRecord(in: folder, backbone: shipped ? "shipped tiny-UIE" : backbone.standardizedFileURL.path)
        let (model, vocabulary) = try Backbone.load(from: backbone)
        let layout = PromptLayout(.deep, for: model.config, length: options.experiment.promptLength)
        let data = try options.tasks.map(options.experiment.taskData)

        log("[1/4] one deep prompt per task (\(options.tasks.count) tasks)")
        let bank = PromptBank(folder: folder.appendingPathComponent("prompts"), layout: layout)
        let prompts = try bank.trainAll(data, model: model, vocabulary: vocabulary, options: options, log: log)

        log("[2/4] every prompt on every task's test split (\(options.tasks.count * options.tasks.count) cells)")
        let matrixFile = folder.appendingPathComponent("matrix.json")
        var matrix = try TransferMatrix.resume(matrixFile, tasks: options.tasks)
        try matrix.score(prompts: prompts, data: data, model: model, vocabulary: vocabulary, layout: layout,
                         options: options.experiment, file: matrixFile, log: log)

        log("[3/4] indicators for every source-target pair")
        let indicators = try IndicatorTable.compute(tasks: options.tasks, prompts: prompts, data: data, model: model,
                                                    vocabulary: vocabulary, layout: layout, options: options)

        log("[4/4] transfer as initialisation (\(options.initTargets.count) targets × \(StartKind.studyStarts.count) starts)")
        let curves = try initCurves(matrix: matrix, prompts: prompts, data: data, model: model, vocabulary: vocabulary, layout: layout, log: log)
        return TransferStudyResult(options: options, prompts: prompts, matrix: matrix, indicators: indicators, curves: curves)
    }
    // snippet.end

    func initCurves(matrix: TransferMatrix, prompts: [TrainedPrompt], data: [TaskData], model: T5Model, vocabulary: Vocabulary,
                    layout: PromptLayout, log: (String) -> Void) throws -> [InitCurve] {
        guard !options.initTargets.isEmpty else { return [] }
        let initFolder = folder.appendingPathComponent("init")
        let multitask = try multitaskPrompt(data: data.filter { !options.initTargets.contains($0.spec.id) }, model: model,
                                            vocabulary: vocabulary, layout: layout, log: log)
        var curves: [InitCurve] = []
        for target in options.initTargets {
            let task = data.first { $0.spec.id == target }!
            let (same, cross) = chooseSources(target: target, matrix: matrix)
            for start in StartKind.studyStarts {
                let source: String? = start == .sameType ? same : start == .crossType ? cross : nil
                if (start == .sameType || start == .crossType) && source == nil { continue }   // no such source in this study
                let values = start == .multitask ? multitask : source.map { id in prompts.first { $0.task == id }!.values }
                let clock = Date()
                let curve = try initCurve(target: task, start: start, source: source, values: values, model: model, vocabulary: vocabulary,
                                          layout: layout, options: options, folder: initFolder)
                curves.append(curve)
                log(String(format: "[init] %@ from %@: dev F1 %.1f at the start, %.1f at the end (%.0f s)", target, source ?? start.rawValue,
                           curve.devF1.first ?? .nan, curve.devF1.last ?? .nan, Date().timeIntervalSince(clock)))
            }
        }
        return curves
    }

    /// One deep prompt trained on the union of `data` (each sentence with its own task's schema
    /// prompt), chapter 6's multi-task prompt; checkpointed in `multitask/`, so done once.
    func multitaskPrompt(data: [TaskData], model: T5Model, vocabulary: Vocabulary, layout: PromptLayout,
                         log: (String) -> Void) throws -> [Float] {
        let prompt = SoftPrompt(layout: layout, model: model, initialization: .random(std: 0.02), seed: 5)
        let tuning = options.experiment.tuning(for: .multitaskPrompt)
        let steps = (data.reduce(0) { $0 + $1.train.count } + tuning.batchSize - 1) / tuning.batchSize
        let bar = ProgressLine("[multi-task prompt] \(data.count) tasks", total: steps)
        let clock = Date()
        let result = try trainMultitask(method: .multitaskPrompt, model: model, vocabulary: vocabulary, tunable: prompt, tasks: data,
                                        tuning: tuning, devPerTask: max(1, options.experiment.devLimit / 4), testLimit: 1,
                                        tunedParameters: layout.parameterCount, checkpointFolder: folder.appendingPathComponent("multitask"),
                                        progress: { bar.update($0, detail: String(format: "loss %.3f", $1)) })
        log(String(format: "[multi-task prompt] trained on %@ (%.0f s)", result.tasks.joined(separator: ", "), Date().timeIntervalSince(clock)))
        return prompt.values.data
    }
}
