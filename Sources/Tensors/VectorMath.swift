// Vectorized building blocks for the fused kernels (chapter 2, "Making it fast").
// The taught operations (Softmax.swift, Elementwise.swift) call Foundation's scalar exp once per
// element; a training step of the tiny T5 spends a large share of its time there. These helpers
// work on eight floats at a time (one AVX register), and `Parallel.rows` splits row-wise work
// across the threads OpenBLAS was given, so elementwise work scales with the matrix products.

import CBLAS
import Dispatch
import Foundation

public enum VectorMath {
    public typealias Vector = SIMD8<Float>

    // snippet.exp-poly
    /// e^x within about 2 ulp of Foundation's expf, in plain arithmetic that the compiler turns
    /// into vector instructions when it sits in a loop (a call to expf cannot be vectorized).
    /// Write x = n·ln 2 + r with n an integer and |r| ≤ ln 2 / 2; then e^x = 2^n · e^r, where e^r
    /// comes from a degree-6 polynomial and 2^n is built directly in the float's exponent bits.
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let c = x < -87.33 ? -87.33 : (x > 88 ? 88 : x)
        // Adding 1.5·2²³ rounds to an integer (the float has no bits left for a fraction), and
        // leaves that integer n in the low bits of the pattern.
        let t = c * 1.442695041 + 12_582_912
        let n = t - 12_582_912
        // r = x - n·ln 2 in two steps (ln 2 split into a short high part and a tiny low part)
        // so the subtraction loses no digits.
        let r = c - n * 0.693359375 + n * 2.12194440e-4
        // Taylor coefficients 1/k! for k = 6 … 2, evaluated by Horner's rule.
        var p: Float = 1.3888889e-3
        p = p * r + 8.3333333e-3
        p = p * r + 4.1666667e-2
        p = p * r + 1.6666667e-1
        p = p * r + 0.5
        p = p * r * r + r + 1
        let twoToN = Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
        // Below the clamp the true value is under the smallest normal float: 0, as expf gives.
        return x < -87.33 ? 0 : p * twoToN
    }
    // snippet.end

    /// The largest of `count` floats.
    @inline(__always)
    public static func maximum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var i = 0, best = Vector(repeating: -.infinity)
        while i + 8 <= count { let v = load(x + i); best = best.replacing(with: v, where: v .> best); i += 8 }
        var peak = -Float.infinity
        for j in 0..<8 where best[j] > peak { peak = best[j] }
        while i < count { if x[i] > peak { peak = x[i] }; i += 1 }
        return peak
    }

    /// Σ x[i], eight partial sums at a time (a plain loop's single running sum cannot be
    /// vectorized without reordering the additions, which the compiler will not do by itself).
    @inline(__always)
    public static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var i = 0, total = Vector(repeating: 0)
        while i + 8 <= count { total += load(x + i); i += 8 }
        var s: Float = 0
        for j in 0..<8 { s += total[j] }
        while i < count { s += x[i]; i += 1 }
        return s
    }

    /// y[i] = e^(x[i] - shift) for `count` floats; returns Σ y. `y` may equal `x`.
    @inline(__always)
    public static func expShifted(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                  _ count: Int, shift: Float) -> Float {
        for i in 0..<count { y[i] = exp(x[i] - shift) }
        return sum(y, count)
    }

    /// x[i] *= factor.
    @inline(__always)
    public static func scale(_ x: UnsafeMutablePointer<Float>, _ count: Int, by factor: Float) {
        for i in 0..<count { x[i] *= factor }
    }

    /// Σ x[i]·y[i].
    @inline(__always)
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
        var i = 0, total = Vector(repeating: 0)
        while i + 8 <= count { total += load(x + i) * load(y + i); i += 8 }
        var s: Float = 0
        for j in 0..<8 { s += total[j] }
        while i < count { s += x[i] * y[i]; i += 1 }
        return s
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>) -> Vector { load(UnsafePointer(p)) }
}

/// Splitting row-wise work across threads.
public enum Parallel {
    /// Threads the kit uses: OPENBLAS_NUM_THREADS if set, else every core this process may use
    /// (`AvailableCores`: the affinity mask and a container's CPU quota). The kit does its own
    /// splitting (matrix products by rows, elementwise kernels by rows, attention by heads), so
    /// OpenBLAS itself is set to one thread the first time this is read: its idle threads would
    /// otherwise spin, on a two-core machine taking the core the kit's second thread needs.
    public static let threads: Int = {
        let wanted = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
        let explicit = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) } != nil
        return max(1, explicit ? wanted : min(wanted, AvailableCores.count))
    }()

    /// Calls `body(range)` on disjoint ranges covering 0..<count, one per thread, when there is
    /// enough work (`cost` ≈ elements touched or multiply-adds / 16) to repay the hand-off
    /// (a few µs); otherwise calls it once, inline, on the whole range.
    @inline(__always)
    public static func rows(_ count: Int, cost: Int, _ body: (Range<Int>) -> Void) {
        let parts = cost >= 65_536 ? min(threads, count) : 1
        if parts <= 1 { body(0..<count); return }
        withoutActuallyEscaping(body) { body in
            // The ranges are disjoint, so the threads never touch the same elements.
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                shared.value((count * part / parts)..<(count * (part + 1) / parts))
            }
        }
    }
}

/// A value handed to worker threads that the caller has made safe to share (disjoint writes).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
