// `lpt benchmark`: generate the lifelong-UIE benchmark (stage 3), print its summary table and,
// with --output, write every task as a UIE dataset folder that learners can open.

import ArgumentParser
import CommandSupport
import Diagrams
import Foundation
import SEL

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Generate the 13-task synthetic lifelong-UIE benchmark and its pretraining pool.",
        discussion: """
            Every task is generated from --seed by the kit's own code: the same options give the same \
            files on every machine. With --output DIR, each task is written to DIR/<task>/ in UIE's format \
            (train.json, val.json, test.json, record/entity/relation/event.schema); the pool's tasks go to \
            DIR/pool/<task>/. --show N prints N example sentences of each task with their SEL targets.
            """)

    @Option(help: "Write the datasets into this folder.") var output: String?
    @Option(help: "Training sentences per task.") var train = 1000
    @Option(help: "Development sentences per task.") var dev = 200
    @Option(help: "Test sentences per task.") var test = 300
    @Option(help: "Generator seed.") var seed: UInt64 = 2023
    @Option(help: "Example sentences to print per task.") var show = 0
    @Flag(help: "Also include the backbone's pretraining pool.") var pool = false

    func validate() throws {
        try check(train, "--train", in: 0...Limits.sentences)
        try check(dev, "--dev", in: 0...Limits.sentences)
        try check(test, "--test", in: 0...Limits.sentences)
        try check(show, "--show", in: 0...Limits.sentences)
        try checkOutputFolder(output, "--output")
    }

    func run() throws {
        if let output { try OutputFolder.claim(URL(fileURLWithPath: output)) }
        let options = BenchmarkOptions(trainSize: train, devSize: dev, testSize: test, seed: seed)
        let specs = Benchmark.tasks + (pool ? Benchmark.pool : [])
        let data = specs.map { Benchmark.generate($0, options: options) }
        print(BenchmarkSummary.table(data))
        for task in data where show > 0 {
            print("\n## \(task.spec.id)")
            for e in task.train.prefix(show) { print("  \(e.text)\n    \(SELToken.readable(e.record))") }
        }
        if let output {
            let root = URL(fileURLWithPath: output)
            for task in data {
                let folder = task.spec.stands == "pool" ? root.appendingPathComponent("pool/\(task.spec.id)") : root.appendingPathComponent(task.spec.id)
                try Benchmark.write(task, to: folder)
            }
            print("wrote \(data.count) tasks to \(root.path)")
        }
    }
}
