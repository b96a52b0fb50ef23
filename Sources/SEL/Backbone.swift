// Where the shipped tiny-UIE backbone lives and which sentences it must never train on
// (chapter 3). The checkpoint is committed under Sources/SEL/Backbone/tiny-uie with a SHA-256
// list; `lpt backbone train` reproduces it and `lpt backbone eval` prints its F1 figures.

import Foundation
import T5

public enum Backbone {
    /// The committed checkpoint folder; LPT_BACKBONE overrides it.
    public static var shippedFolder: URL {
        if let path = ProcessInfo.processInfo.environment["LPT_BACKBONE"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Backbone/tiny-uie")
    }

    /// The pool's evaluation splits (dev 200, test 300 per task; no train split).
    public static func poolEvaluation(seed: UInt64 = 2023) -> [TaskData] {
        Benchmark.pool.map { Benchmark.generate($0, options: BenchmarkOptions(trainSize: 0, devSize: 200, testSize: 300, seed: seed)) }
    }

    /// Every dev and test sentence of the pool and of the benchmark at default options.
    public static func heldOutTexts() -> Set<String> {
        var texts = Set<String>()
        for data in poolEvaluation() { for e in data.dev + data.test { texts.insert(e.text) } }
        for spec in Benchmark.tasks {
            let data = Benchmark.generate(spec, options: BenchmarkOptions(trainSize: 0))
            for e in data.dev + data.test { texts.insert(e.text) }
        }
        return texts
    }
}
