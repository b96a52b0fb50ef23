// Benchmarks of the numeric core, printed by `lpt bench` (never asserted by timed tests).
// Matrix products dominate training time, so the first figure is GFLOP/s of cblas_sgemm.

import CBLAS
import Foundation

/// One measured figure.
public struct BenchmarkResult: Codable, Sendable {
    public let name: String
    public let value: Double
    public let unit: String
}

public enum Benchmarks {
    /// Seconds of wall-clock time for `body`, best of `repeats` (the least disturbed run).
    public static func bestTime(repeats: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// GFLOP/s of C[m,n] = A[m,k]·B[k,n] (2·m·n·k floating-point operations).
    public static func matmulGFLOPS(m: Int, n: Int, k: Int, repeats: Int = 5) -> Double {
        var rng = SeededGenerator(seed: 11)
        let a = Tensor.uniform([m, k], low: -1, high: 1, rng: &rng)
        let b = Tensor.uniform([k, n], low: -1, high: 1, rng: &rng)
        _ = a.matmul(b)  // warm-up: thread pool start, page faults
        let seconds = bestTime(repeats: repeats) { _ = a.matmul(b) }
        return 2 * Double(m) * Double(n) * Double(k) / seconds / 1e9
    }

    /// Milliseconds per full training step (forward, backward, Adam) of an MLP on a batch.
    public static func mlpStepMilliseconds(widths: [Int] = [256, 512, 512, 10], batch: Int = 128,
                                           repeats: Int = 10) -> Double {
        var rng = SeededGenerator(seed: 12)
        let model = MLP(widths: widths, seed: 13)
        let x = Tensor.normal([batch, widths[0]], std: 1, rng: &rng)
        let labels = (0..<batch).map { _ in rng.nextInt(below: widths.last!) }
        let optimizer = Adam(model.parameters, learningRate: 1e-3)
        func step() {
            optimizer.zeroGrad()
            // The default activation (tanh) never throws.
            (try? model(x))?.crossEntropy(targets: labels).backward()
            optimizer.step()
        }
        step()
        return bestTime(repeats: repeats, step) * 1000
    }

    /// What OpenBLAS runs on: its build configuration and the kernel family it chose.
    public static var openBLASDescription: String {
        let config = openblas_get_config().map { String(cString: $0) } ?? "unknown"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        return "\(config.trimmingCharacters(in: .whitespaces)); core \(core); threads \(Parallel.threads)"
    }

    /// The stage 1 benchmark set.
    public static func stageOne() -> [BenchmarkResult] {
        [
            BenchmarkResult(name: "sgemm 512x512x512 (m×n×k)", value: matmulGFLOPS(m: 512, n: 512, k: 512), unit: "GFLOP/s"),
            BenchmarkResult(name: "sgemm 1024x128x512 (m×n×k)", value: matmulGFLOPS(m: 1024, n: 128, k: 512), unit: "GFLOP/s"),
            BenchmarkResult(name: "sgemm 128x128x128 (m×n×k)", value: matmulGFLOPS(m: 128, n: 128, k: 128, repeats: 20), unit: "GFLOP/s"),
            BenchmarkResult(name: "MLP 256-512-512-10 train step, batch 128", value: mlpStepMilliseconds(), unit: "ms"),
        ]
    }
}
