import Testing
import T5
import Tensors
@testable import ContinualLoop
@testable import SEL

/// The memo returns an earlier score only for bit-identical inputs.
@Suite struct ScoreMemoTests {
    static let task = Benchmark.generate(Benchmark.tasks[0], options: BenchmarkOptions(trainSize: 0, devSize: 1, testSize: 4))

    static func prompts(_ values: [Float]) -> PromptInputs {
        let t = Tensor(values, shape: [1, values.count])
        return PromptInputs(encoderPrefixes: [AttentionPrefix(key: t, value: t)])
    }

    @Test func sameInputsHitAndOneChangedBitMisses() {
        let memo = ScoreMemo(), examples = Self.task.test
        var calls = 0
        func score(_ values: [Float], constrained: Bool = true) -> Double {
            memo.score(task: Self.task, examples: examples, prompts: Self.prompts(values), constrained: constrained) {
                calls += 1
                return Double(calls)
            }
        }
        #expect(score([1, 2, 3]) == 1)
        #expect(score([1, 2, 3]) == 1, "the same prompt is not decoded again")
        #expect(memo.hits == 1 && memo.misses == 1)
        let nudged = Float(bitPattern: Float(3).bitPattern + 1)
        #expect(score([1, 2, nudged]) == 2, "one bit of one value is a new evaluation")
        #expect(score([1, 2, 3], constrained: false) == 3, "the decoding mode is part of the key")
        #expect(memo.score(task: Self.task, examples: Array(examples.prefix(2)), prompts: Self.prompts([1, 2, 3]), constrained: true) { 99 } == 99,
                "other sentences are a new evaluation")
    }

    @Test func inputsWithClosuresAreNeverMemoised() {
        let memo = ScoreMemo()
        var inputs = Self.prompts([1])
        inputs.feedForwardObserver = { _, _, _ in }
        var calls = 0
        for _ in 0..<2 { _ = memo.score(task: Self.task, examples: Self.task.test, prompts: inputs, constrained: true) { calls += 1; return 0 } }
        #expect(calls == 2 && memo.hits == 0)
    }
}
