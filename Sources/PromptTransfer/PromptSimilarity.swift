// The embedding-similarity indicators of Su et al. (NAACL 2022, "On Transferability of Prompt
// Tuning"): two prompts are compared as vectors, with no model and no data. The paper's prompts
// are shallow ([n, d]); the kit's are deep ([layers, key/value, n, width], chapter 4), so "per
// position" here means per row of one layer's keys or values at one prefix position: the
// vectors a query of that layer actually meets. Prompts are compared after training only; each
// task's prompt starts from its own seed, so a shared random start does not inflate the cosine.

import SoftPrompts

// snippet.prompt-similarity
public enum PromptSimilarity {
    /// Cosine of the two prompts read as one long vector each; 0 when either is all zeros.
    public static func flatCosine(_ a: [Float], _ b: [Float]) -> Double {
        cosine(a[...], b[...])
    }

    /// The mean, over every (layer, key/value, position) row of `layout.width` entries, of the
    /// cosine of the two prompts' rows at that place.
    public static func positionCosine(_ a: [Float], _ b: [Float], layout: PromptLayout) -> Double {
        precondition(a.count == layout.parameterCount && b.count == layout.parameterCount, "prompts do not fit \(layout.shape)")
        let rows = layout.parameterCount / layout.width
        var sum = 0.0
        for r in 0..<rows {
            let range = (r * layout.width)..<((r + 1) * layout.width)
            sum += cosine(a[range], b[range])
        }
        return sum / Double(rows)
    }

    /// Euclidean distance ‖a − b‖ (lower means more alike, unlike the two cosines).
    public static func euclidean(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "prompts of \(a.count) and \(b.count) values")
        var sum = 0.0
        for (x, y) in zip(a, b) { sum += (Double(x) - Double(y)) * (Double(x) - Double(y)) }
        return sum.squareRoot()
    }

    static func cosine(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        precondition(a.count == b.count, "vectors of \(a.count) and \(b.count) values")
        var (dot, na, nb) = (0.0, 0.0, 0.0)
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
    }
}
// snippet.end
