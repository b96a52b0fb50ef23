// Which kernels the models run: the fused, vectorized ones (the default) or the taught reference
// operations they were derived from (chapter 2, "Making it fast"). Both compute the same numbers
// to float rounding; tests run the T5 both ways and compare.

import Foundation

public enum Kernels {
    /// True: models call the fused kernels (`fusedAttention`, `fusedCrossEntropy`).
    /// False: they call the operations chapters 1 and 2 teach. Task-local, so a test can switch
    /// it without disturbing tests running beside it; `LPT_REFERENCE_KERNELS=1` in the environment
    /// turns the fused kernels off for a whole process (to profile or time the taught version).
    @TaskLocal public static var fused: Bool = ProcessInfo.processInfo.environment["LPT_REFERENCE_KERNELS"].map {
        $0.isEmpty || $0 == "0"
    } ?? true
}

/// Runs `body` on the taught reference operations instead of the fused kernels.
public func withReferenceKernels<R>(_ body: () throws -> R) rethrows -> R {
    try Kernels.$fused.withValue(false) { try body() }
}
