// From parsed records to scored structures (chapter 3). Records become entities,
// relations and events as *text* (the "string records"), then each span is placed on the
// sentence's tokens (the "offset records"). The kit keeps every UIE quirk of §7 by default so that
// its numbers equal UIE's; each quirk is named where it happens and pinned by a test (QuirkTests).

import Foundation

/// How a span that occurs several times in the sentence is given its token offsets (§7).
public enum OffsetStrategy: String, Codable, CaseIterable, Sendable {
    case first, closest

    /// UIE's per-dataset choice: `closest` for every English dataset except CoNLL03.
    public static func uieDefault(dataset: String) -> OffsetStrategy {
        dataset.lowercased().replacingOccurrences(of: "-", with: "").hasPrefix("conll03") ? .first : .closest
    }
}

/// The structures of one sentence in UIE's field layout: gold (from test.json), predicted with
/// offsets, or predicted as strings (every `offset` empty).
public struct SentenceStructures: Equatable, Sendable {
    public var entity: [TypedSpan]
    public var relation: [RelationMention]
    public var event: [EventMention]
    public init(entity: [TypedSpan] = [], relation: [RelationMention] = [], event: [EventMention] = []) {
        (self.entity, self.relation, self.event) = (entity, relation, event)
    }
    /// The gold structures of a dataset line (§8: "gold tuples come from entity, relation, event").
    public init(gold example: UIEExample) {
        self.init(entity: example.entity, relation: example.relation, event: example.event)
    }
}

/// One sentence's prediction, in both forms the scorer compares.
public struct SentencePrediction: Equatable, Sendable {
    public var offset: SentenceStructures
    public var string: SentenceStructures
    public init(offset: SentenceStructures, string: SentenceStructures) { (self.offset, self.string) = (offset, string) }
}

public struct OffsetMatcher: Sendable {
    public let entityTypes: Set<String>
    public let eventTypes: Set<String>
    public let strategy: OffsetStrategy

    public init(entityTypes: [String], eventTypes: [String], strategy: OffsetStrategy = .closest) {
        (self.entityTypes, self.eventTypes, self.strategy) = (Set(entityTypes), Set(eventTypes), strategy)
    }

    /// Which records are entities and which are events comes from entity.schema and event.schema.
    public init(schemas: TaskSchemas, strategy: OffsetStrategy = .closest) {
        self.init(entityTypes: schemas.entity.types, eventTypes: schemas.event.types, strategy: strategy)
    }

    public func predict(_ records: [ParsedRecord], tokens: [String]) -> SentencePrediction {
        let strings = stringStructures(records)
        return SentencePrediction(offset: offsetStructures(strings, tokens: tokens), string: strings)
    }

    // MARK: §6, records → structures as text

    /// The string records (§7 "String records"): entities not de-duplicated (empty texts skipped),
    /// relations as (type, head type, head text, tail type, tail text), events as parsed.
    public func stringStructures(_ records: [ParsedRecord]) -> SentenceStructures {
        // The sentence's text → type table; a later record overwrites an earlier one (§6).
        var typeOfText: [String: String] = [:]
        for record in records where entityTypes.contains(record.label) { typeOfText[record.span] = record.label }
        var out = SentenceStructures()
        for record in records {
            if entityTypes.contains(record.label) {
                if !record.span.isEmpty { out.entity.append(TypedSpan(type: record.label, offset: [], text: record.span)) }
                let head = TypedSpan(type: record.label, offset: [], text: record.span)
                for asoc in record.associations {
                    // Quirk (§6): a tail that is not a predicted entity takes the *head's* type.
                    let tail = TypedSpan(type: typeOfText[asoc.span] ?? record.label, offset: [], text: asoc.span)
                    out.relation.append(RelationMention(type: asoc.label, head: head, tail: tail))
                }
            } else if eventTypes.contains(record.label) {
                var args = record.associations.map { TypedSpan(type: $0.label, offset: [], text: $0.span) }
                // Quirk (§6): once the prediction has any entity, arguments that are not entity
                // texts are removed. It never fires on UIE's event data, which has no entity records.
                if !typeOfText.isEmpty { args = args.filter { typeOfText[$0.text] != nil } }
                out.event.append(EventMention(type: record.label, offset: [], text: record.span, args: args))
            }
            // Neither an entity nor an event type (e.g. ABSA's label missing from entity.schema):
            // ignored, as UIE does after printing a warning.
        }
        return out
    }

    // MARK: §7, structures as text → token offsets

    /// Places every span of `strings` on `tokens` with this matcher's strategy.
    public func offsetStructures(_ strings: SentenceStructures, tokens: [String]) -> SentenceStructures {
        SentenceStructures(entity: entities(strings.entity, tokens), relation: relations(strings.relation, tokens),
                           event: events(strings.event, tokens))
    }

    /// Entities (both strategies): the first occurrence not yet claimed by an entity *of the same
    /// type*; none free → dropped. Quirk: claims are per type, so location "Paris" can take the
    /// "Paris" inside person "Paris Hilton".
    func entities(_ entities: [TypedSpan], _ tokens: [String]) -> [TypedSpan] {
        var claimed: [String: Set<[Int]>] = [:], out: [TypedSpan] = []
        for entity in entities {
            guard let offset = OffsetMatcher.occurrences(of: entity.text, in: tokens)
                .first(where: { !(claimed[entity.type]?.contains($0) ?? false) }) else { continue }
            claimed[entity.type, default: []].insert(offset)
            out.append(TypedSpan(type: entity.type, offset: offset, text: entity.text))
        }
        return out
    }

    /// Events (both strategies): a trigger takes the first occurrence not claimed by *any* trigger.
    /// Absent from the sentence → that event is skipped. Quirk: present but every occurrence
    /// claimed → *stop*, dropping this and all later events. Arguments: `first` takes the first
    /// occurrence, `closest` the one starting nearest the trigger (earliest on ties); an argument
    /// that is not found is skipped, and arguments are never de-duplicated.
    func events(_ events: [EventMention], _ tokens: [String]) -> [EventMention] {
        var claimed = Set<[Int]>(), out: [EventMention] = []
        for event in events {
            let triggers = OffsetMatcher.occurrences(of: event.text, in: tokens)
            if triggers.isEmpty { continue }
            guard let trigger = triggers.first(where: { !claimed.contains($0) }) else { break }
            claimed.insert(trigger)
            var args: [TypedSpan] = []
            for arg in event.args {
                let found = OffsetMatcher.occurrences(of: arg.text, in: tokens)
                let chosen = strategy == .first ? found.first : OffsetMatcher.nearest(found, to: trigger[0])
                if let chosen { args.append(TypedSpan(type: arg.type, offset: chosen, text: arg.text)) }
            }
            out.append(EventMention(type: event.type, offset: trigger, text: event.text, args: args))
        }
        return out
    }

    /// Relations. `first`: each argument takes its first occurrence; either missing → skipped.
    /// `closest`: the occurrence pair with the smallest |start₁ − start₂| (earlier head, then earlier
    /// tail, on ties); quirk: either missing → *stop*, dropping this and every later relation.
    /// Both: an exact duplicate tuple is kept once.
    func relations(_ relations: [RelationMention], _ tokens: [String]) -> [RelationMention] {
        var seen = Set<RelationMention>(), out: [RelationMention] = []
        for relation in relations {
            guard relation.args.count == 2 else { continue }
            let (head, tail) = (relation.args[0], relation.args[1])
            let heads = OffsetMatcher.occurrences(of: head.text, in: tokens)
            let tails = OffsetMatcher.occurrences(of: tail.text, in: tokens)
            guard let h0 = heads.first, let t0 = tails.first else {
                if strategy == .closest { break } else { continue }
            }
            var pair = (h0, t0)
            if strategy == .closest {
                var best = Int.max
                for h in heads {
                    for t in tails where abs(h[0] - t[0]) < best { (best, pair) = (abs(h[0] - t[0]), (h, t)) }
                }
            }
            let placed = RelationMention(type: relation.type, head: TypedSpan(type: head.type, offset: pair.0, text: head.text),
                                         tail: TypedSpan(type: tail.type, offset: pair.1, text: tail.text))
            if seen.insert(placed).inserted { out.append(placed) }
        }
        return out
    }

    /// Every occurrence of `text` (split on single spaces) as a run of `tokens`, left to right.
    static func occurrences(of text: String, in tokens: [String]) -> [[Int]] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard !words.isEmpty, words.count <= tokens.count else { return [] }
        var found: [[Int]] = []
        for i in 0...(tokens.count - words.count) where tokens[i..<(i + words.count)].elementsEqual(words) {
            found.append(Array(i..<(i + words.count)))
        }
        return found
    }

    /// The occurrence whose start is nearest `start`; the earliest wins ties.
    static func nearest(_ occurrences: [[Int]], to start: Int) -> [Int]? {
        var best: [Int]?, distance = Int.max
        for o in occurrences where abs(o[0] - start) < distance { (best, distance) = (o, abs(o[0] - start)) }
        return best
    }
}
