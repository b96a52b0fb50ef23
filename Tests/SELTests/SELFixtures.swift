// Shared test helpers: SEL strings built by hand (so the parser and scorer tests do not depend on
// the linearizer), gold UIEExamples with offsets, and a seeded generator for property tests.

@testable import SEL

/// Hand-built SEL (chapter 3): one space between all tokens; the caller orders the records.
enum SELText {
    static let o = SELToken.open, c = SELToken.close, k = SELToken.colon

    /// `<0> label <5> span (<0> asoc <5> span <1>)* <1>`
    static func record(_ label: String, _ span: String, _ asocs: [(String, String)] = []) -> String {
        ([o, label, k, span] + asocs.flatMap { [o, $0.0, k, $0.1, c] } + [c]).joined(separator: " ")
    }

    /// The whole structure; no records gives "<extra_id_0>  <extra_id_1>" (two spaces).
    static func target(_ records: [String]) -> String { [o, records.joined(separator: " "), c].joined(separator: " ") }
}

/// A gold record in its canonical order: (label, span offsets, associations as (label, tail offsets)).
struct GoldRecord {
    var label: String
    var offset: [Int]
    var asocs: [(String, [Int])] = []
}

/// Builds a gold line from its tokens and records, listed in the §2 order (by offsets, then label;
/// associations by tail offsets). Entity and event records are told apart by `eventTypes`; relation
/// tails take the type of the entity record at the same offsets.
func goldExample(_ text: String, _ records: [GoldRecord], eventTypes: Set<String> = []) -> UIEExample {
    let tokens = text.split(separator: " ").map(String.init)
    func span(_ offset: [Int]) -> String { offset.map { tokens[$0] }.joined(separator: " ") }
    let entityRecords = records.filter { !eventTypes.contains($0.label) }
    var example = UIEExample(text: text, tokens: tokens, record: "")
    for r in records {
        if eventTypes.contains(r.label) {
            example.event.append(EventMention(type: r.label, offset: r.offset, text: span(r.offset),
                                              args: r.asocs.map { TypedSpan(type: $0.0, offset: $0.1, text: span($0.1)) }))
        } else {
            example.entity.append(TypedSpan(type: r.label, offset: r.offset, text: span(r.offset)))
            for (label, tail) in r.asocs {
                let tailType = entityRecords.first { $0.offset == tail }?.label ?? "?"
                example.relation.append(RelationMention(type: label, head: TypedSpan(type: r.label, offset: r.offset, text: span(r.offset)),
                                                        tail: TypedSpan(type: tailType, offset: tail, text: span(tail))))
            }
        }
    }
    example.record = SELText.target(records.map { r in SELText.record(r.label, span(r.offset), r.asocs.map { ($0.0, span($0.1)) }) })
    example.spotAsoc = records.map { r in SpotAsoc(span: span(r.offset), label: r.label, asoc: r.asocs.map { [$0.0, span($0.1)] }) }
    var spot: [String] = [], asoc: [String] = []
    for r in records {
        if !spot.contains(r.label) { spot.append(r.label) }
        for a in r.asocs where !asoc.contains(a.0) { asoc.append(a.0) }
    }
    (example.spot, example.asoc) = (spot, asoc)
    return example
}

/// Schemas where the record labels are the entity types (or the event types), as in §10.
func schemas(records: [String], asocs: [String] = [], events: Bool = false) -> TaskSchemas {
    TaskSchemas(record: Schema(types: records, roles: asocs),
                entity: Schema(types: events ? [] : records),
                relation: Schema(types: events ? [] : asocs, roles: events ? [] : records),
                event: Schema(types: events ? records : [], roles: events ? asocs : []))
}

/// SplitMix64: a tiny seeded generator, so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
