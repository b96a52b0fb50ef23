// Which label a model writes for which gold label (chapter 4's diagnosis). F1 says how often a
// record is right; the confusion says what the wrong ones are. Each gold record is paired with a
// predicted record over the same span text (first unused one); the pair counts as
// (gold label, predicted label). Gold records nobody predicted count as (label, missed), predicted
// records with no gold span as (none, label).

public struct LabelConfusion: Sendable {
    public static let missed = "(missed)", none = "(none)"
    public private(set) var counts: [Pair: Int] = [:]

    public struct Pair: Hashable, Sendable, Comparable {
        public var gold: String, predicted: String
        public static func < (a: Pair, b: Pair) -> Bool { (a.gold, a.predicted) < (b.gold, b.predicted) }
    }

    public init() {}

    /// Counts the record labels of `generated` (one output per example) against the gold records.
    public init(gold: [UIEExample], generated: [String], schema: Schema) {
        let parser = SELParser(schema: schema)
        for (example, output) in zip(gold, generated) {
            var predicted = parser.parse(output, text: example.text).records
            for record in example.spotAsoc {
                if let i = predicted.firstIndex(where: { $0.span == record.span }) {
                    add(record.label, predicted[i].label)
                    predicted.remove(at: i)
                } else {
                    add(record.label, Self.missed)
                }
            }
            for extra in predicted { add(Self.none, extra.label) }
        }
    }

    mutating func add(_ gold: String, _ predicted: String) { counts[Pair(gold: gold, predicted: predicted), default: 0] += 1 }

    /// Gold records whose span was predicted with the right label, of all gold records.
    public var rightLabelShare: Double {
        let gold = counts.filter { $0.key.gold != Self.none }.values.reduce(0, +)
        let right = counts.filter { $0.key.gold == $0.key.predicted }.values.reduce(0, +)
        return gold == 0 ? 0 : Double(right) / Double(gold)
    }

    /// The `n` most frequent pairs whose labels differ, most frequent first (ties by name).
    public func topErrors(_ n: Int) -> [(pair: Pair, count: Int)] {
        counts.filter { $0.key.gold != $0.key.predicted }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(n).map { ($0.key, $0.value) }
    }

    /// A Markdown table of the top errors, with the share of right labels above it.
    public func table(_ n: Int, title: String) -> String {
        var lines = [String(format: "%@: %.1f%% of gold records predicted with the right label", title, 100 * rightLabelShare),
                     "| gold | predicted | count |", "| --- | --- | --- |"]
        for (pair, count) in topErrors(n) { lines.append("| \(pair.gold) | \(pair.predicted) | \(count) |") }
        return lines.joined(separator: "\n")
    }
}
