// Text helpers for DOT figures: micrograd-style record labels (`{ data | grad }`) and fixed-digit
// number formatting that is locale-independent and never prints a negative zero.

extension DOTGraph {
    /// Escapes literal text for one field of a record label.
    ///
    /// Backslashes are doubled first (so Graphviz shows them), then the record syntax characters
    /// `{ } | < >` get a backslash so they print instead of splitting the record.
    public static func escapeRecordField(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case "{", "}", "|", "<", ">": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }

    /// A record label `{ f1 | f2 | … }` from literal field texts; use with `shape=record`.
    ///
    /// The braces flip the record's orientation, so with `rankdir=LR` the fields sit side by side,
    /// as in micrograd's `{ data 2.0000 | grad 0.0000 }`.
    public static func recordLabel(_ fields: [String]) -> DOTValue {
        .escString("{ " + fields.map(escapeRecordField).joined(separator: " | ") + " }")
    }

    /// `x` with exactly `digits` decimals, e.g. `format(-0.00001, digits: 4) == "0.0000"`.
    ///
    /// Rounds half away from zero, uses `.` whatever the locale, and drops the sign when the
    /// rounded value is zero. Non-finite values print as `nan`, `inf`, `-inf`. `digits` is clamped
    /// to 0...12; a value too large for that many digits (|x|·10^digits ≥ 2^63) falls back to
    /// Swift's shortest round-trip description.
    public static func format(_ x: Double, digits: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let digits = min(max(digits, 0), 12)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }  // exact: 10^12 < 2^53
        let scaled = (x.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.2e18 else { return x.description }
        var text = String(UInt64(scaled))
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits + 1 - text.count) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return (x < 0 && scaled != 0) ? "-" + text : text
    }

    /// `Float` version of the `Double` overload.
    ///
    /// Exact for a `Float`: its 24-bit significand times 10^digits (≤ 28 bits for 12 digits) fits
    /// a `Double`, so rounding happens once, on the true value.
    public static func format(_ x: Float, digits: Int) -> String {
        format(Double(x), digits: digits)
    }
}
