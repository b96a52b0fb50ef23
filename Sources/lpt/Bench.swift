// `lpt bench`: speed figures of the numeric core and of the tiny T5, as a table or JSON.
// Benchmarks print numbers; no test asserts on time.

import ArgumentParser
import CommandSupport
import Foundation
import LotteryMasks
import T5
import Tensors

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure matrix-product GFLOP/s and a training step's time.",
        discussion: """
            Build in release mode first (swift build -c release); debug builds are much slower. \
            OpenBLAS picks its kernels from the CPU unless OPENBLAS_CORETYPE forces a family. \
            OPENBLAS_NUM_THREADS sets the kit's threads (it splits matrix products and row-wise work \
            itself; OpenBLAS runs on one). LPT_REFERENCE_KERNELS=1 times the taught attention and \
            cross-entropy instead of the fused kernels (chapter 2, "Making it fast").
            """)

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Only the T5 rows (for profiling).")
    var t5Only = false

    func run() throws {
        let results = t5Only ? [] : Benchmarks.stageOne()
        let t5 = T5Benchmark.run()
        let prompts = try PromptBenchmark.run()
        let blas = Benchmarks.openBLASDescription
        let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        if json {
            struct Report: Codable {
                let openblas: String; let openblasCoretype: String?
                let results: [BenchmarkResult]; let t5: [T5Benchmark.Figure]; let prompts: [PromptBenchmark.Figure]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(Report(openblas: blas, openblasCoretype: forced, results: results, t5: t5, prompts: prompts))
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("OpenBLAS: \(blas)" + (forced.map { " (forced by OPENBLAS_CORETYPE=\($0))" } ?? ""))
        if !results.isEmpty {
            print("benchmark                                      value  unit")
            print(String(repeating: "-", count: 62))
        }
        for r in results {
            print(r.name.padding(toLength: 42, withPad: " ", startingAt: 0)
                  + String(format: "%10.2f  %@", r.value, r.unit))
        }
        print("\nT5 tiny (vocab 2048, d 128, 4×32 heads, d_ff 512, 2+2 layers), batch 16, source 64, target 32")
        print("mode                                        ms/step    tokens/s")
        print(String(repeating: "-", count: 66))
        for f in t5 {
            print(f.mode.padding(toLength: 42, withPad: " ", startingAt: 0)
                  + String(format: "%9.1f  %10.0f  (%@)", f.millisecondsPerStep, f.tokensPerSecond, f.tokensCounted))
        }
        print("\nStages 4-5 on the same configuration and batch (deep prompt [4, 2, 20, 128])")
        print("mode                                        ms/step")
        print(String(repeating: "-", count: 54))
        for f in prompts {
            print(f.mode.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%9.1f", f.millisecondsPerStep))
        }
        if prompts.count == 2 {
            print(String(format: "lottery / plain prompt step: %.2fx (target: at most 1.3x)", prompts[1].millisecondsPerStep / prompts[0].millisecondsPerStep))
        }
        print("medians of 7 runs after a warm-up (decoding: 3)")
    }
}
