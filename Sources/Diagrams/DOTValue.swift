// DOTValue: one attribute value of a DOT graph, and the quoting rules that turn it into DOT text.
// Values are either literal text (shown exactly as given) or Graphviz escString text (record labels, `\l`).

/// An attribute value in a `DOTGraph`.
///
/// A string literal is literal text: a backslash in it is shown as a backslash. Use
/// ``DOTValue/escString(_:)`` when the value uses Graphviz's own backslash escapes, as record
/// labels built by ``DOTGraph/recordLabel(_:)`` do.
public struct DOTValue: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
    CustomStringConvertible
{
    /// The text as Graphviz should read it, before DOT quoting (quotes and newlines not yet escaped).
    public let graphvizText: String

    private init(graphvizText: String) { self.graphvizText = graphvizText }

    /// Literal text: backslashes are doubled so Graphviz prints them rather than interpreting them.
    public static func text(_ literal: String) -> DOTValue {
        DOTValue(graphvizText: literal.replacingAll("\\", with: "\\\\"))
    }

    /// Text already in Graphviz escString form (`\l`, `\N`, record escapes such as `\{`); passed through.
    public static func escString(_ text: String) -> DOTValue { DOTValue(graphvizText: text) }

    /// A number with a fixed count of decimals; see `DOTGraph.format(_:digits:)`.
    public static func number(_ x: Double, digits: Int) -> DOTValue {
        DOTValue(graphvizText: DOTGraph.format(x, digits: digits))
    }

    public init(stringLiteral value: String) { self = .text(value) }

    public var description: String { graphvizText }

    /// The value as a double-quoted DOT string.
    public var quoted: String { DOTQuoting.quote(graphvizText) }
}

/// DOT's lexical rules for quoted strings, shared by ids and attribute values.
enum DOTQuoting {
    /// The DOT lexer reads `\"` as a quote and `\\` as a kept pair; other backslashes reach Graphviz
    /// unchanged. So an odd run of backslashes right before a quote (ours or the closing one) gets one
    /// more, or it would pair with that quote. Newlines become `\n` so each statement stays on one line.
    static func quote(_ graphvizText: String) -> String {
        var out = "\""
        var pendingBackslashes = 0
        for ch in graphvizText {
            switch ch {
            case "\\":
                pendingBackslashes += 1
                out.append(ch)
                continue
            case "\"":
                if pendingBackslashes % 2 == 1 { out.append("\\") }
                out.append("\\\"")
            case "\n", "\r\n":
                out.append("\\n")
            case "\r":
                break  // dropped: a bare carriage return has no meaning in a label
            default:
                out.append(ch)
            }
            pendingBackslashes = 0
        }
        if pendingBackslashes % 2 == 1 { out.append("\\") }
        out.append("\"")
        return out
    }

    /// Attribute keys are plain identifiers in practice; anything else is quoted so the output still parses.
    static func key(_ name: String) -> String {
        let scalars = name.unicodeScalars
        let isWordScalar: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
        let isIdentifier = !scalars.isEmpty && !("0"..."9").contains(scalars.first!) && scalars.allSatisfy(isWordScalar)
        return isIdentifier ? name : quote(name.replacingAll("\\", with: "\\\\"))
    }
}

extension String {
    /// Plain substring replacement without Foundation, so escaping has no locale or platform dependence.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for ch in self {
            if ch == target { out += replacement } else { out.append(ch) }
        }
        return out
    }
}
