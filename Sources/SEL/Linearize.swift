// From gold structures to the SEL target (chapter 3). Records are ordered by
// their span's token offsets (lexicographically: [0] before [0, 1]) then by label;
// associations by their tail's offsets. UIE keeps annotation order for associations that share a
// tail; the kit breaks those ties by label, so the target never depends on annotation order.

/// A record with the offsets it is sorted by.
public struct OffsetRecord: Equatable, Sendable {
    public var label: String
    public var offsets: [Int]
    public var text: String
    public var associations: [OffsetAssociation]
    public init(label: String, offsets: [Int], text: String, associations: [OffsetAssociation] = []) {
        (self.label, self.offsets, self.text, self.associations) = (label, offsets, text, associations)
    }
}

public struct OffsetAssociation: Equatable, Sendable {
    public var label: String
    public var offsets: [Int]
    public var text: String
    public init(label: String, offsets: [Int], text: String) { (self.label, self.offsets, self.text) = (label, offsets, text) }
}

public enum Linearizer {
    static func precedes(_ a: [Int], _ b: [Int]) -> Bool { a.lexicographicallyPrecedes(b) }

    /// The records of one sentence's gold structures: entities (with relations as associations
    /// of their head) or events (with arguments as associations). ABSA is the relation case.
    public static func records(entities: [TypedSpan], relations: [RelationMention], events: [EventMention]) -> [OffsetRecord] {
        var records: [OffsetRecord] = entities.map { OffsetRecord(label: $0.type, offsets: $0.offset, text: $0.text) }
        for relation in relations where relation.args.count == 2 {
            let head = relation.args[0], tail = relation.args[1]
            guard let i = records.firstIndex(where: { $0.offsets == head.offset && $0.label == head.type }) else { continue }
            records[i].associations.append(OffsetAssociation(label: relation.type, offsets: tail.offset, text: tail.text))
        }
        for event in events {
            records.append(OffsetRecord(label: event.type, offsets: event.offset, text: event.text,
                                        associations: event.args.map { OffsetAssociation(label: $0.type, offsets: $0.offset, text: $0.text) }))
        }
        return records
    }

    // snippet.sel-order
    /// Sorts, removes empty spans and repeated (offsets, label) pairs: the canonical record list.
    public static func canonical(_ records: [OffsetRecord]) -> [OffsetRecord] {
        var seen = Set<String>(), out: [OffsetRecord] = []
        let sorted = records.filter { !$0.text.isEmpty }.sorted {
            $0.offsets != $1.offsets ? precedes($0.offsets, $1.offsets) : $0.label < $1.label
        }
        for var record in sorted where seen.insert("\(record.offsets)|\(record.label)").inserted {
            var seenAsoc = Set<String>()
            record.associations = record.associations.filter { !$0.text.isEmpty }.sorted {
                $0.offsets != $1.offsets ? precedes($0.offsets, $1.offsets) : $0.label < $1.label
            }.filter { seenAsoc.insert("\($0.offsets)|\($0.label)").inserted }
            out.append(record)
        }
        return out
    }
    // snippet.end

    /// The records as UIE's `spot_asoc` field (canonical order kept).
    public static func spotAsoc(_ records: [OffsetRecord]) -> [SpotAsoc] {
        canonical(records).map { SpotAsoc(span: $0.text, label: $0.label, asoc: $0.associations.map { [$0.label, $0.text] }) }
    }

    // snippet.linearize
    /// The SEL target of `records`, in the given order. Tokens are separated by one space, so
    /// the empty structure is "<extra_id_0>  <extra_id_1>" (two spaces), as UIE writes it.
    public static func target(_ records: [SpotAsoc]) -> String {
        let open = SELToken.open, close = SELToken.close, colon = SELToken.colon
        let body = records.map { record -> String in
            var parts = [open, record.label, colon, record.span]
            for pair in record.asoc where pair.count == 2 {
                parts += [open, pair[0], colon, pair[1], close]
            }
            parts.append(close)
            return parts.joined(separator: " ")
        }
        return ([open, body.joined(separator: " "), close]).joined(separator: " ")
    }
    // snippet.end

    /// The SEL target of gold structures.
    public static func target(entities: [TypedSpan], relations: [RelationMention], events: [EventMention]) -> String {
        target(spotAsoc(records(entities: entities, relations: relations, events: events)))
    }
}
