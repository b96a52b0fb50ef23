// The special tokens of UIE's structured extraction language (chapter 3). Targets use the
// masking sentinels <extra_id_0>, <extra_id_1>, <extra_id_5> as brackets and colon, so a
// pretrained T5 already has ids for them; the kit's span corruption leaves <extra_id_0…7> unused
// for exactly this reason (stage 2, SpanCorruption.firstSentinel).

public enum SELToken {
    public static let open = "<extra_id_0>"
    public static let close = "<extra_id_1>"
    public static let textSeparator = "<extra_id_2>"
    public static let colon = "<extra_id_5>"
    public static let nullSpan = "<extra_id_6>"
    public static let spot = "<spot>"
    public static let asoc = "<asoc>"

    /// Replaces the special tokens by ( ) : for display: `((person: Steve (work for: Apple)))`.
    public static func readable(_ sel: String) -> String {
        var s = sel
        for (token, shown) in [(open, "("), (close, ")"), (colon, ":"), (nullSpan, "∅"),
                               (textSeparator, "[text]"), (spot, "[spot]"), (asoc, "[asoc]")] {
            s = s.replacingOccurrences(of: token, with: shown)
        }
        // "( ( person : Steve ) )" → "((person: Steve))"
        var out = "", chars = Array(s), i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " {
                let prev = out.last, next = i + 1 < chars.count ? chars[i + 1] : nil
                if prev == "(" || next == ")" || next == ":" || next == " " || prev == nil { i += 1; continue }
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
