// Hints nudge; they never hand over code. This finds what reads as Swift in a hint: braces,
// semicolons, compound and comparison operators, ranges, a name called or indexed, and any
// backticked span that is more than a name (`x.grad`, `topNIndices(_:n:)` and `--mine` are fine).

import Foundation

public enum HintLint {
    /// Operators that only code uses. A single `=` stays allowed: hints may state a formula.
    static let codeOperators = ["->", "+=", "-=", "*=", "/=", "==", "!=", "&&", "||", "..<", "...", "```"]
    static let codeCharacters: Set<Character> = ["{", "}", ";"]

    /// The fragments of `hint` that read as code, in the order found; empty means clean.
    public static func codeFragments(in hint: String) -> [String] {
        var found: [String] = []
        for c in hint where codeCharacters.contains(c) && !found.contains(String(c)) { found.append(String(c)) }
        for op in codeOperators where hint.contains(op) { found.append(op) }
        var outside = ""
        for (index, span) in hint.components(separatedBy: "`").enumerated() {
            if index % 2 == 1 {
                if !isName(span) { found.append("`\(span)`") }
            } else {
                outside += span + " "
            }
        }
        found += callsOrIndexes(in: outside)
        return found
    }

    /// An identifier or dotted path, optionally with an argument-label list, or a command-line flag.
    static func isName(_ span: String) -> Bool {
        let name = #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\(([A-Za-z_][A-Za-z0-9_]*:)*\))?$"#
        let flag = #"^--?[a-z][a-z0-9-]*$"#
        return span.range(of: name, options: .regularExpression) != nil || span.range(of: flag, options: .regularExpression) != nil
    }

    /// `name(` or `name[` outside backticks, unless the parentheses hold only argument labels.
    static func callsOrIndexes(in text: String) -> [String] {
        let pattern = #"[A-Za-z0-9_]+[\(\[][^\)\]]*[\)\]]?"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            guard let r = Range(match.range, in: text) else { return nil }
            let fragment = String(text[r])
            return isName(fragment) ? nil : fragment
        }
    }
}
