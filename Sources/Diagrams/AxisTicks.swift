// Axis ranges and "nice" tick values (1, 2, 5 × 10^k) for the SVG plots, after Heckbert's
// "Nice numbers for graph labels" (Graphics Gems, 1990). Labels use fixed digits, so output is stable.

import Foundation

/// The range of one plot axis and its labelled tick positions.
public struct AxisTicks: Hashable, Sendable {
    /// Axis range; always covers the data and starts and ends on a tick.
    public let lower: Double
    public let upper: Double
    /// Tick positions in data units, ascending.
    public let values: [Double]
    /// One label per tick, e.g. "0.25" or "1e-5".
    public let labels: [String]
    /// Whether positions map through log10.
    public let isLog: Bool

    /// About `target` evenly spaced ticks on a step of 1, 2 or 5 × 10^k.
    ///
    /// A degenerate range (all values equal) is widened around the value, and a non-finite or
    /// empty range becomes 0...1, so the output never contains NaN.
    public static func linear(min lo: Double, max hi: Double, target: Int = 5) -> AxisTicks {
        var (lo, hi) = lo.isFinite && hi.isFinite ? (Swift.min(lo, hi), Swift.max(lo, hi)) : (0, 1)
        if hi - lo <= 1e-12 * Swift.max(abs(lo), abs(hi)) {  // also catches hi == lo == 0
            // Pad by one unit of the value's leading digit: 5 → 4...6, 0.693 → 0.593...0.793.
            let pad = lo == 0 ? 1 : pow(10, floor(log10(abs(lo))))
            (lo, hi) = (lo - pad, hi + pad)
        }
        let step = niceNumber((hi - lo) / Double(Swift.max(target - 1, 1)))
        let first = Int((lo / step).rounded(.down))
        let last = Int((hi / step).rounded(.up))
        let values = (first...last).map { Double($0) * step }
        let digits = Swift.max(0, -Int(floor(log10(step) + 1e-9)))
        return AxisTicks(lower: values.first!, upper: values.last!, values: values,
                         labels: values.map { DOTGraph.format($0, digits: digits) }, isLog: false)
    }

    /// Ticks at powers of ten (with 2 and 5 between them when the data spans at most two decades).
    ///
    /// Non-positive or non-finite bounds cannot go on a log axis; with none left the range is 1...10.
    public static func logarithmic(min lo: Double, max hi: Double, target: Int = 5) -> AxisTicks {
        let usable = [lo, hi].filter { $0.isFinite && $0 > 0 }
        var low = Int(floor(log10(usable.min() ?? 1) + 1e-9))
        var high = Int(ceil(log10(usable.max() ?? 10) - 1e-9))
        if high <= low { high = low + 1 }
        var values: [Double] = []
        if high - low <= 2 {
            for k in low...high {
                for m in [1.0, 2, 5] where k < high || m == 1 { values.append(m * pow(10, Double(k))) }
            }
        } else {
            let stride = Int(ceil(Double(high - low) / Double(Swift.max(target - 1, 1))))
            low = Int(floor(Double(low) / Double(stride))) * stride
            high = Int(ceil(Double(high) / Double(stride))) * stride
            values = Swift.stride(from: low, through: high, by: stride).map { pow(10, Double($0)) }
        }
        return AxisTicks(lower: values.first!, upper: values.last!, values: values,
                         labels: values.map(logLabel), isLog: true)
    }

    /// Where `value` sits along the axis, 0 at `lower` and 1 at `upper`.
    public func fraction(_ value: Double) -> Double {
        if isLog {
            let (a, b) = (log10(lower), log10(upper))
            return (log10(value) - a) / (b - a)
        }
        return (value - lower) / (upper - lower)
    }

    /// 1, 2 or 5 × 10^k nearest to `x` (x > 0).
    static func niceNumber(_ x: Double) -> Double {
        let exponent = floor(log10(x))
        let scale = pow(10, exponent)
        let fraction = x / scale
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * scale
    }

    /// Plain decimals from 0.001 to 1000, exponent form outside that.
    private static func logLabel(_ value: Double) -> String {
        let exponent = Int(floor(log10(value) + 1e-9))
        let mantissa = Int((value / pow(10, Double(exponent))).rounded())
        if (-3...3).contains(exponent) { return DOTGraph.format(value, digits: Swift.max(0, -exponent)) }
        return mantissa == 1 ? "1e\(exponent)" : "\(mantissa)e\(exponent)"
    }
}
