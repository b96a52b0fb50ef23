// Chapter 9's whole experiment: build the bank on the sources, prompt every target with every
// arm and seed, and read which slots each task's test sentences retrieve.

import ContinualLoop
import Foundation
import SEL
import T5

public struct TokenPromptResult {
    public let stage: SourceStage
    public let scores: [ArmScore]
    /// Slots read by each task's test sentences (sources, then targets) under the source bank,
    /// max-pooled query: what the tpt-frozen arm reads.
    public let slots: [TaskSlots]
    public let overlap: (within: Double, across: Double)
}

/// Runs the experiment; `report` receives one line per finished stage and run (timings start
/// with "[time]", so a caller can tell them from the deterministic lines). With a `folder`, what
/// an earlier run of the same settings finished there is read instead of computed again.
public func runTokenPromptExperiment(model: T5Model, vocabulary: Vocabulary, options: TokenPromptOptions,
                                     folder: TokenPromptFolder? = nil,
                                     report: ((String) -> Void)? = nil) throws -> TokenPromptResult {
    try options.validate()
    let sources = try options.sources.map { try options.data($0, train: options.sourceTrain) }
    let targets = try options.targets.map { try options.data($0, train: options.targetTrain) }
    let stage: SourceStage
    if let saved = try folder?.stage() {
        stage = saved
        report?("source stage read from the study folder (\(folder!.stageFile.lastPathComponent))")
    } else {
        stage = try buildBank(model: model, vocabulary: vocabulary, sources: sources, options: options, report: report)
        try folder?.save(stage)
    }
    report?(String(format: "sources: mean dev F1 %.1f with the bank (k = %d of %d slots + %d task positions), %.1f with a plain %d-position prompt",
                   stage.bankDevF1, options.retrieved, options.bankSize, options.taskPromptLength,
                   stage.plainDevF1, options.promptLength))
    report?(String(format: "[time] source stage: %.0f s", stage.seconds))

    var scores: [ArmScore] = []
    for task in targets {
        for arm in options.arms {
            for seed in 1...UInt64(max(options.seeds, 1)) {
                let saved = try folder?.score(target: task.spec.id, arm: arm, seed: seed)
                let score = try saved ?? runArm(arm, task: task, model: model, vocabulary: vocabulary, stage: stage, options: options, seed: seed)
                if saved == nil { try folder?.save(score) }
                scores.append(score)
                report?(String(format: "%@ %@ seed %d: dev F1 %.1f, test F1 %.1f", task.spec.id, arm.rawValue, seed,
                               score.devF1, score.testF1))
                report?(String(format: "[time] %@ %@ seed %d: %.1f s", task.spec.id, arm.rawValue, seed, score.seconds))
            }
        }
    }

    let reader = TokenWisePrompt(model: model, bank: stage.bank, taskPrompt: nil, k: options.retrieved)
    reader.centre = stage.centres[.max]
    let slots = (sources + targets).map { task in
        TaskSlots(task: task.spec.id, slots: TokenPromptScoring.slots(reader, examples: Array(task.test.prefix(options.testLimit)),
                                                                      schemas: task.spec.schemas, vocabulary: vocabulary))
    }
    return TokenPromptResult(stage: stage, scores: scores, slots: slots, overlap: RetrievalAnalysis.overlap(slots))
}
