// The pick rule shared by every selector, the random baseline, and the errors a caller sees
// before any model runs.

import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Testing

@Suite struct MaskSelectionTests {
    func scores(_ values: [Double]) -> [MaskScore] {
        values.enumerated().map { MaskScore(task: "t\($0.offset)", score: $0.element) }
    }

    @Test("lowest wins for perplexity and gradient, highest for overlap; ties go to the earlier mask")
    func rules() throws {
        let values = [3.0, 1.0, 5.0, 1.0, 5.0]
        #expect(try MaskSelection(rule: .lowestPerplexity, scores: scores(values)).pick == "t1")
        #expect(try MaskSelection(rule: .mostNegativeGradient, scores: scores(values)).pick == "t1")
        #expect(try MaskSelection(rule: .highestOverlap, scores: scores(values)).pick == "t2")
        #expect(SelectorKind.allCases.map(\.rule) == [.lowestPerplexity, .mostNegativeGradient, .highestOverlap])
    }

    @Test("the most negative gradient wins even when every learned gradient is positive (no empty slot at 0)")
    func positiveGradients() throws {
        let selection = try MaskSelection(rule: .mostNegativeGradient, scores: scores([0.4, 0.1, 0.3]))
        #expect(selection.pick == "t1" && selection.scores.count == 3)
    }

    @Test("a NaN score never wins, even in first place")
    func nanNeverWins() throws {
        #expect(try MaskSelection(rule: .lowestPerplexity, scores: scores([.nan, 7, 2])).pick == "t2")
        #expect(try MaskSelection(rule: .highestOverlap, scores: scores([.nan, 0.2, .nan])).pick == "t1")
    }

    @Test("no masks: a typed error, not a crash")
    func empty() {
        #expect(throws: MaskSelectionError.noLearnedMasks) { try MaskSelection(rule: .lowestPerplexity, scores: []) }
        #expect(throws: MaskSelectionError.noLearnedMasks) { try MaskSelection.random(tasks: [], seed: 1) }
    }

    @Test("random baseline: reproducible per seed, scores all 0, every mask reachable")
    func random() throws {
        let tasks = ["a", "b", "c"]
        let first = try MaskSelection.random(tasks: tasks, seed: 11)
        #expect(first == (try MaskSelection.random(tasks: tasks, seed: 11)))
        #expect(first.rule == .random && first.scores.allSatisfy { $0.score == 0 } && first.scores.map(\.task) == tasks)
        let picks = Set(try (0..<40).map { try MaskSelection.random(tasks: tasks, seed: UInt64($0)).pick })
        #expect(picks == Set(tasks))
    }

    @Test("the table names the rule and marks the pick")
    func table() throws {
        let text = try MaskSelection(rule: .highestOverlap, scores: scores([0.1, 0.9])).table
        #expect(text.hasPrefix("rule: highest overlap"))
        #expect(text.contains("  → t1") && text.contains("    t0"))
    }

    @Test("bad options, a lottery with no finished task, and an empty novel task are named errors")
    func callerErrors() throws {
        let model = T5Model(config: T5Config.testSize(vocabularySize: Benchmark.vocabulary().count), seed: 1)
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 2), model: model)
        var options = SelectorOptions()
        options.neuronFraction = 0
        #expect(throws: MaskSelectionError.self) {
            try MaskSelector(model: model, vocabulary: Benchmark.vocabulary(), lottery: lottery, options: options)
        }
        let selector = try MaskSelector(model: model, vocabulary: Benchmark.vocabulary(), lottery: lottery)
        let task = Benchmark.generate(Benchmark.task("ace04")!, options: BenchmarkOptions(trainSize: 0, devSize: 2, testSize: 2))
        for kind in SelectorKind.allCases {
            #expect(throws: MaskSelectionError.noLearnedMasks) { try selector.select(kind, examples: task.test, schemas: task.spec.schemas) }
        }
        lottery.finishTask("a")
        #expect(throws: MaskSelectionError.noExamples) { try selector.perplexity([], schemas: task.spec.schemas) }
        #expect(throws: MaskSelectionError.missingSignature(task: "a")) {
            try selector.neurons(task.test, schemas: task.spec.schemas, signatures: [:])
        }
        #expect("\(MaskSelectionError.missingSignature(task: "a"))".contains("NeuronSignature.record"))
    }
}
