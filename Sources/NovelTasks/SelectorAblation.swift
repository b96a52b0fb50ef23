// Which selector should a novel task trust? (chapter 7's ablation). For each novel task, score
// the test split zero-shot under every learned mask: the best of those is the mask in hindsight,
// their mean is what a random pick earns on average. Then ask every selector for its pick and
// read its F1 off the same row. A selector is worth running when it lands nearer the hindsight
// best than the random mean does.

import ContinualLoop
import Diagrams
import Foundation
import LotteryMasks
import SEL
import T5

// snippet.ablation-selectors
/// The selectors compared, and what each may look at.
public enum AblatedSelector: String, Codable, CaseIterable, Sendable {
    /// Gold-target perplexity on the few-shot sentences (what Table 2's LPT uses).
    case perplexityGold = "perplexity (gold)"
    /// Perplexity of each mask's own greedy output on unlabelled test sentences.
    case perplexityLabelFree = "perplexity (label-free)"
    /// SupSup's one-shot entropy gradient on the same unlabelled sentences.
    case gradient = "one-shot gradient"
    /// Activated-neuron overlap with each task's signature, same unlabelled sentences.
    case neurons = "neuron overlap"
    /// A seeded uniform draw.
    case random = "random"

    /// The letter that marks this selector's pick in the figure.
    public var letter: String {
        switch self {
        case .perplexityGold: "P"
        case .perplexityLabelFree: "L"
        case .gradient: "G"
        case .neurons: "N"
        case .random: "R"
        }
    }
}
// snippet.end

public struct AblationRow: Codable, Sendable {
    public var task: String
    /// Zero-shot test F1 under each learned mask, in learning order.
    public var maskF1: [MaskScore]
    /// Each selector's choice, with the scores behind it.
    public var selections: [AblatedSelector: MaskSelection]

    public init(task: String, maskF1: [MaskScore], selections: [AblatedSelector: MaskSelection]) {
        (self.task, self.maskF1, self.selections) = (task, maskF1, selections)
    }

    public var bestInHindsight: MaskScore { maskF1.max { $0.score < $1.score }! }
    /// What a uniformly random pick earns on average (exact, not sampled).
    public var randomExpectation: Double { mean(maskF1.map(\.score)) }
    public func f1(of selector: AblatedSelector) -> Double? {
        selections[selector].flatMap { s in maskF1.first { $0.task == s.pick }?.score }
    }
}

public enum SelectorAblation {
    /// Sentences the label-free selectors see, from the start of each novel task's test split.
    public static let unlabelledSentences = 16

    /// The ablation on every novel task for the masks `learner` holds; `log` gets a line per task.
    public static func run(learner: LotteryLearner, novelTaskIDs: [String], options: ExperimentOptions,
                           novel: NovelTaskOptions = NovelTaskOptions(), log: (String) -> Void = { _ in }) throws -> [AblationRow] {
        let lottery = learner.lottery
        let gold = try MaskSelector(model: learner.model, vocabulary: learner.vocabulary, lottery: lottery)
        var labelFreeOptions = SelectorOptions()
        labelFreeOptions.targets = .selfGenerated
        let labelFree = try MaskSelector(model: learner.model, vocabulary: learner.vocabulary, lottery: lottery, options: labelFreeOptions)
        // Each learned task's signature under its own mask, from its own training sentences. A
        // mask never changes after its task, so this equals recording it when the task finished.
        var signatures: [String: NeuronSignature] = [:]
        for (task, _) in lottery.masks {
            let data = try options.taskData(task)
            signatures[task] = try NeuronSignature.record(model: learner.model, vocabulary: learner.vocabulary,
                                                          prompts: lottery.inputs(forTask: task)!, examples: Array(data.train.prefix(unlabelledSentences)),
                                                          schemas: data.spec.schemas, fraction: labelFreeOptions.neuronFraction)
        }
        return try novelTaskIDs.enumerated().map { n, id in
            let start = Date()
            let task = try options.taskData(id)
            let test = Array(task.test.prefix(options.testLimit)), unlabelled = Array(task.test.prefix(unlabelledSentences))
            let few = fewShotSample(task.train, schemas: task.spec.schemas, perClass: novel.shotsPerClass, seed: novel.seed)
            let maskF1 = try lottery.masks.map { learnedTask, _ in
                MaskScore(task: learnedTask, score: try headlineF1(model: learner.model, vocabulary: learner.vocabulary, task: task, examples: test,
                                                                   prompts: lottery.inputs(forTask: learnedTask)!, constrained: learner.tuning.constrained))
            }
            let schemas = task.spec.schemas
            let selections: [AblatedSelector: MaskSelection] = [
                .perplexityGold: try gold.perplexity(few, schemas: schemas),
                .perplexityLabelFree: try labelFree.perplexity(unlabelled, schemas: schemas),
                .gradient: try labelFree.gradient(unlabelled, schemas: schemas),
                .neurons: try labelFree.neurons(unlabelled, schemas: schemas, signatures: signatures),
                .random: try labelFree.random(seed: novel.seed &+ UInt64(n)),
            ]
            let row = AblationRow(task: id, maskF1: maskF1, selections: selections)
            log(String(format: "[ablation] %@: best in hindsight %@ %.1f, random mean %.1f; ", id, row.bestInHindsight.task,
                       row.bestInHindsight.score, row.randomExpectation)
                + AblatedSelector.allCases.map { "\($0.letter) \(selections[$0]!.pick)" }.joined(separator: ", ")
                + String(format: " (%.0f s)", Date().timeIntervalSince(start)))
            return row
        }
    }

    // snippet.ablation-table
    /// Markdown: per novel task, the hindsight best, the random mean and each selector's pick
    /// with the zero-shot F1 it earns; the last row averages the F1s.
    public static func table(_ rows: [AblationRow]) -> String {
        let selectors = AblatedSelector.allCases.filter { $0 != .random }
        var lines = ["| novel task | best in hindsight | random (mean) | " + selectors.map(\.rawValue).joined(separator: " | ") + " |",
                     "| --- | --- | ---: |" + String(repeating: " --- |", count: selectors.count)]
        for row in rows {
            let best = row.bestInHindsight
            lines.append("| \(row.task) | \(best.task) \(String(format: "%.1f", best.score)) | \(String(format: "%.1f", row.randomExpectation)) | "
                + selectors.map { s in "\(row.selections[s]!.pick) \(String(format: "%.1f", row.f1(of: s) ?? .nan))" }.joined(separator: " | ") + " |")
        }
        let average = { (f: (AblationRow) -> Double) in String(format: "%.1f", mean(rows.map(f))) }
        lines.append("| **average F1** | \(average { $0.bestInHindsight.score }) | \(average { $0.randomExpectation }) | "
            + selectors.map { s in average { $0.f1(of: s) ?? .nan } }.joined(separator: " | ") + " |")
        return lines.joined(separator: "\n")
    }
    // snippet.end

    /// Rows: novel tasks; columns: learned masks; cells: zero-shot F1, marked with the letters of
    /// the selectors that picked that mask.
    public static func heatmap(_ rows: [AblationRow]) -> Heatmap {
        let masks = rows.first?.maskF1.map(\.task) ?? []
        var map = Heatmap(title: "Novel tasks: zero-shot F1 under each learned LPT mask, and each selector's pick",
                          rowLabels: rows.map(\.task), columnLabels: masks, values: rows.map { $0.maskF1.map(\.score) },
                          digits: 1, rowCaption: "novel task", columnCaption: "borrowed mask (learned task)")
        map.annotations = rows.map { row in
            masks.map { mask in AblatedSelector.allCases.filter { row.selections[$0]?.pick == mask }.map(\.letter).joined() }
        }
        return map
    }

    /// The scores behind the picks. Rows: (novel task, selector); columns: learned masks. Each
    /// row's scores are rescaled to 0-100 with 100 at the selector's preferred end (lowest
    /// perplexity or gradient, highest overlap), so the darkest cell is its pick; perplexity rows
    /// are rescaled on the log scale. The small text is the raw score.
    public static func scoreHeatmap(_ rows: [AblationRow]) -> Heatmap {
        let masks = rows.first?.maskF1.map(\.task) ?? []
        let selectors = AblatedSelector.allCases.filter { $0 != .random }
        var labels: [String] = [], values: [[Double]] = [], raw: [[String]] = []
        for row in rows {
            for selector in selectors {
                guard let selection = row.selections[selector] else { continue }
                // Perplexities are compared on the log scale (mean NLL), so one huge value does not
                // flatten the rest of the row.
                let scores = selection.scores.map(\.score)
                let scaled = selection.rule == .lowestPerplexity ? scores.map { $0 > 0 ? log($0) : .nan } : scores
                let finite = scaled.filter(\.isFinite)
                let (lo, hi) = (finite.min() ?? 0, finite.max() ?? 0)
                labels.append("\(row.task) · \(selector.letter)")
                values.append(scaled.map { s in
                    guard s.isFinite else { return .nan }
                    guard hi > lo else { return 100 }
                    let t = (s - lo) / (hi - lo)
                    return 100 * (selection.rule.lowerIsBetter ? 1 - t : t)
                })
                raw.append(scores.map { String(format: "%.3g", $0) })
            }
        }
        var map = Heatmap(title: "Selector scores per learned mask (100 = the pick; small: raw score)",
                          rowLabels: labels, columnLabels: masks, values: values, digits: 0,
                          rowCaption: "novel task · selector (P, L, G, N)", columnCaption: "learned mask")
        map.annotations = raw
        return map
    }

    public static let legend = "P perplexity with gold targets (few-shot sentences), L perplexity of each mask's own output (label-free), "
        + "G one-shot entropy gradient (label-free), N activated-neuron overlap (label-free), R a seeded random pick"
}
