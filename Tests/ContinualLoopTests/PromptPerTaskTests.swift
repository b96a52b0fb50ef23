// C-PT's start: each task's prompt begins as the previous task's (CLInit), or, with `freshStart`
// (the chapter-6 ablation), from the same random values as the first task's.

import ContinualLoop
import SEL
import SoftPrompts
import T5
import Testing

@Suite struct PromptPerTaskTests {
    /// Two tiny tasks on a tiny random T5 (d 32, 1 + 1 layers): small for test speed.
    static func tasks() -> [TaskData] {
        var options = BenchmarkOptions()
        (options.trainSize, options.devSize, options.testSize) = (8, 2, 2)
        return ["14lap", "14res"].map { Benchmark.generate(Benchmark.task($0)!, options: options) }
    }

    /// The second task's starting prompt after the first task's prompt was changed and finished.
    static func secondStart(freshStart: Bool) throws -> (first: [Float], second: [Float], trained: [Float]) {
        let vocabulary = Benchmark.vocabulary()
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        let learner = PromptPerTask(model: model, vocabulary: vocabulary, tuning: PromptTuningOptions(), length: 4)
        learner.freshStart = freshStart
        let data = tasks()
        let (firstPrompt, _) = try learner.begin(data[0])
        let prompt = try #require(firstPrompt as? SoftPrompt)
        let first = prompt.values.data
        prompt.values.data = first.map { $0 + 1 }          // stands for training
        try learner.finish(data[0])
        let (secondPrompt, _) = try learner.begin(data[1])
        return (first, try #require(secondPrompt as? SoftPrompt).values.data, prompt.values.data)
    }

    @Test("C-PT starts a task from the previous task's prompt; with freshStart from the first task's random start")
    func starts() throws {
        let inherited = try PromptPerTaskTests.secondStart(freshStart: false)
        #expect(inherited.second == inherited.trained)
        let fresh = try PromptPerTaskTests.secondStart(freshStart: true)
        #expect(fresh.second == fresh.first)
        #expect(fresh.second != fresh.trained)
    }
}
