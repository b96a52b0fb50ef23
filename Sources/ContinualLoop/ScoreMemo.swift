// Scores that need not be computed twice (chapter 6). A prompt learner scores every learned task
// again after each new task; when the backbone is frozen and the prompt a task is scored with is
// bit for bit the one it was scored with before, the generated outputs and the score cannot
// differ, so the memo returns the earlier score instead of decoding 300 sentences again. The key
// is a digest of everything the frozen model sees (the prompt tensors, the task, the sentences,
// the decoding mode); any difference in one bit of a prompt means a new evaluation.

import Foundation
import SEL
import T5
import Tensors

public final class ScoreMemo {
    private var scores: [String: Double] = [:]
    public private(set) var hits = 0, misses = 0
    public init() {}

    /// The memoised score for these inputs, or `compute()`'s (then remembered). Inputs with
    /// closures (observers, adapters) are never memoised: their behaviour is not in the digest.
    public func score(task: TaskData, examples: [UIEExample], prompts: PromptInputs, constrained: Bool,
                      compute: () throws -> Double) rethrows -> Double {
        guard prompts.feedForwardObserver == nil, prompts.blockAdapter == nil else { return try compute() }
        let key = Self.digest(task: task, examples: examples, prompts: prompts, constrained: constrained)
        if let known = scores[key] { hits += 1; return known }
        misses += 1
        let value = try compute()
        scores[key] = value
        return value
    }

    static func digest(task: TaskData, examples: [UIEExample], prompts: PromptInputs, constrained: Bool) -> String {
        var bytes = Data("\(task.spec.id)|\(constrained)|\(examples.count)|".utf8)
        for e in examples { bytes.append(contentsOf: Array(e.text.utf8)); bytes.append(0) }
        func add(_ t: Tensor?) {
            guard let t else { bytes.append(contentsOf: [0xFF]); return }
            bytes.append(contentsOf: Array("\(t.shape)".utf8))
            t.data.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        add(prompts.inputPrompt)
        for group in [prompts.encoderPrefixes, prompts.decoderPrefixes, prompts.crossPrefixes] {
            bytes.append(contentsOf: Array("#\(group?.count ?? -1)".utf8))
            for p in group ?? [] { add(p.key); add(p.value) }
        }
        return SHA256.hex(bytes)
    }
}
