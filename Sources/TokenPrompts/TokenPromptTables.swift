// Chapter 9's tables, as Markdown: test F1 per target and arm (mean ± spread over seeds), and
// what each arm trains and stores, counted the paper's way and in full.

import ContinualLoop
import Foundation
import T5

public enum TokenPromptTables {
    static func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
    /// 1319296 → "1,319,296".
    static func thousands(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { i, c in (i > 0 && (digits.count - i) % 3 == 0) ? [",", c] : [c] })
    }

    /// One row per target, one column per arm, and the average over targets (each seed's
    /// average first, then mean ± spread over seeds).
    public static func f1(_ scores: [ArmScore], targets: [String], arms: [TargetArm]) -> String {
        func cell(_ xs: [Double]) -> String {
            guard !xs.isEmpty else { return "–" }
            let (m, s) = meanAndSpread(xs)   // F1 is already in percent
            return xs.count > 1 ? "\(f(m)) ± \(f(s))" : f(m)
        }
        var lines = ["| target | " + arms.map(\.rawValue).joined(separator: " | ") + " |",
                     "| --- |" + String(repeating: " ---: |", count: arms.count)]
        for target in targets {
            let row = arms.map { arm in cell(scores.filter { $0.target == target && $0.arm == arm }.map(\.testF1)) }
            lines.append("| \(target) | " + row.joined(separator: " | ") + " |")
        }
        let averages = arms.map { arm -> String in
            let runs = scores.filter { $0.arm == arm }
            let seeds = Set(runs.map(\.seed)).sorted()
            return cell(seeds.compactMap { seed in
                let xs = runs.filter { $0.seed == seed }.map(\.testF1)
                return xs.count == targets.count ? mean(xs) : nil
            })
        }
        lines.append("| **average** | " + averages.joined(separator: " | ") + " |")
        return lines.joined(separator: "\n")
    }

    // snippet.parameter-accounting
    /// Per arm: floats trained per task, floats stored per task, floats stored once for every
    /// task (the frozen bank), and the share of the backbone counted two ways: the paper's (the
    /// task prompt alone) and everything one task trains. A bank slot is `bankWidth` floats (one
    /// input vector); a prompt position is `positionFloats` (d_model when shallow, a key and a
    /// value per layer when deep).
    public static func parameters(arms: [TargetArm], options: TokenPromptOptions, bankWidth: Int, positionFloats: Int,
                                  backbone: Int) -> String {
        let plain = options.promptLength * positionFloats, task = options.taskPromptLength * positionFloats
        let bank = options.bankSize * bankWidth
        var lines = ["| arm | trained per task | stored per task | stored once (shared) | paper's count: task prompt / backbone | everything trained per task / backbone |",
                     "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for arm in arms {
            let (trained, perTask, shared, paperCount): (Int, Int, Int, Int)
            switch arm {
            case .scratch, .multitaskStart: (trained, perTask, shared, paperCount) = (plain, plain, 0, plain)
            case .tptFrozen, .tptRandom, .tptMean: (trained, perTask, shared, paperCount) = (task, task, bank, task)
            case .tptTuned: (trained, perTask, shared, paperCount) = (task + bank, task + bank, 0, task)
            }
            func share(_ n: Int) -> String { String(format: "%.3f%%", 100 * Double(n) / Double(backbone)) }
            lines.append("| \(arm.rawValue) | \(trained) | \(perTask) | \(shared) | \(share(paperCount)) | \(share(trained)) |")
        }
        return lines.joined(separator: "\n")
    }
    // snippet.end

    /// The chapter's three sections as printed by the stage and by `lpt tpt`: F1 per target and
    /// arm, what retrieval reads (`usage`: the usage table, the kit's or the learner's), and the
    /// parameter accounting.
    public static func report(_ result: TokenPromptResult, options: TokenPromptOptions, config: T5Config,
                              backboneParameters: Int, usage: String) -> String {
        let task = options.taskLayout(for: config)
        return ["## Test F1 on the targets (mean ± spread over \(options.seeds) seed(s))", "",
                f1(result.scores, targets: options.targets, arms: options.arms), "",
                "## What retrieval reads (source bank, \(options.centredQuery ? "centred " : "")max-pooled query, test sentences)", "",
                usage,
                String(format: "mean Jaccard of two sentences' slot sets: %.3f within a task, %.3f across tasks",
                       result.overlap.within, result.overlap.across), "",
                "## Parameters (backbone \(thousands(backboneParameters)))", "",
                parameters(arms: options.arms, options: options, bankWidth: config.dModel,
                           positionFloats: task.parameterCount / task.length, backbone: backboneParameters)].joined(separator: "\n")
    }
}
