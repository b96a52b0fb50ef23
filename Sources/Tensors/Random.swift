// A seeded, portable random number generator and the initializers built on it (chapter 1).
// Portable means the same seed gives the same numbers on every machine: the generator uses only
// integer arithmetic, and the normal sampler avoids the C library's log (whose last bit may
// differ between platforms) by computing its own from +, ×, ÷, which IEEE 754 rounds exactly.

/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 24 random bits: every Float of the form i/2²⁴.
    public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUniformDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform integer in 0..<bound (Lemire's unbiased method, via the standard library).
    public mutating func nextInt(below bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }

    // snippet.normal
    /// A standard normal sample by Marsaglia's polar method: pick a point uniformly in the unit
    /// disc; then u·sqrt(-2 ln s / s) is N(0, 1). Uses only sqrt (exact in IEEE) and portableLog.
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextUniformDouble() - 1, v = 2 * nextUniformDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * SeededGenerator.portableLog(s) / s).squareRoot() }
        }
    }
    // snippet.end

    /// Natural log from basic arithmetic only: x = m·2ᵉ with m in [√½, √2), and
    /// ln m = 2·atanh((m-1)/(m+1)) = 2(z + z³/3 + z⁵/5 + …), where |z| ≤ 0.172 so 14 terms give
    /// full double precision.
    public static func portableLog(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "portableLog needs a positive finite number")
        var m = x.significand                  // [1, 2), exact
        var e = Double(x.exponent)
        if m > 1.4142135623730951 { m /= 2; e += 1 }   // exact: halving
        let z = (m - 1) / (m + 1), z2 = z * z
        var term = z, series = 0.0
        for k in 0..<14 { series += term / Double(2 * k + 1); term *= z2 }
        return 2 * series + e * 0.6931471805599453
    }
}

extension Tensor {
    /// Uniform in [low, high).
    public static func uniform(_ shape: [Int], low: Float, high: Float, rng: inout SeededGenerator,
                               requiresGrad: Bool = false) -> Tensor {
        let n = shape.reduce(1, *)
        let values = (0..<n).map { _ in low + (high - low) * rng.nextUniform() }
        return Tensor(values, shape: shape, requiresGrad: requiresGrad)
    }

    /// Normal with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float, rng: inout SeededGenerator,
                              requiresGrad: Bool = false) -> Tensor {
        let n = shape.reduce(1, *)
        let values = (0..<n).map { _ in mean + std * Float(rng.nextNormal()) }
        return Tensor(values, shape: shape, requiresGrad: requiresGrad)
    }

    /// Normal, redrawn whenever a sample falls more than two standard deviations from the mean
    /// (the common "truncated normal" initializer): no rare huge initial weights.
    public static func truncatedNormal(_ shape: [Int], mean: Float = 0, std: Float, rng: inout SeededGenerator,
                                       requiresGrad: Bool = false) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Float]()
        values.reserveCapacity(n)
        while values.count < n {
            let z = rng.nextNormal()
            if abs(z) <= 2 { values.append(mean + std * Float(z)) }
        }
        return Tensor(values, shape: shape, requiresGrad: requiresGrad)
    }
}
