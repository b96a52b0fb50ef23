// `lpt bench`: speed figures of the numeric core, as a table or JSON. Benchmarks print numbers;
// no test asserts on time. Later stages add T5 forward/backward and decoding figures.

import ArgumentParser
import Foundation
import Tensors

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure matrix-product GFLOP/s and a training step's time.",
        discussion: """
            Build in release mode first (swift build -c release); debug builds are much slower.
            OpenBLAS picks its kernels from the CPU unless OPENBLAS_CORETYPE forces a family.
            """)

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let results = Benchmarks.stageOne()
        let blas = Benchmarks.openBLASDescription
        let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        if json {
            struct Report: Codable { let openblas: String; let openblasCoretype: String?; let results: [BenchmarkResult] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(Report(openblas: blas, openblasCoretype: forced, results: results))
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("OpenBLAS: \(blas)" + (forced.map { " (forced by OPENBLAS_CORETYPE=\($0))" } ?? ""))
        print("benchmark                                      value  unit")
        print(String(repeating: "-", count: 62))
        for r in results {
            print(r.name.padding(toLength: 42, withPad: " ", startingAt: 0)
                  + String(format: "%10.2f  %@", r.value, r.unit))
        }
    }
}
