// What one sentence of a UIE dataset holds (chapter 3): the gold structures with token offsets
// (`entity`, `relation`, `event`), the records before linearization (`spot_asoc`) and the
// linearized target (`record`). Field names follow UIE's JSON-lines files exactly, so files
// converted with UIE's own tools load unchanged.

/// A typed span of the sentence: an entity, a relation argument or an event argument.
public struct TypedSpan: Codable, Equatable, Hashable, Sendable {
    public var type: String
    public var offset: [Int]      // token indices into `tokens`
    public var text: String
    public init(type: String, offset: [Int], text: String) {
        (self.type, self.offset, self.text) = (type, offset, text)
    }
}

/// A relation: `args[0]` is the head, `args[1]` the tail.
public struct RelationMention: Codable, Equatable, Hashable, Sendable {
    public var type: String
    public var args: [TypedSpan]
    public init(type: String, head: TypedSpan, tail: TypedSpan) { (self.type, self.args) = (type, [head, tail]) }
    public init(type: String, args: [TypedSpan]) { (self.type, self.args) = (type, args) }
}

/// An event: its type, its trigger span and its (role, span) arguments.
public struct EventMention: Codable, Equatable, Hashable, Sendable {
    public var type: String
    public var offset: [Int]
    public var text: String
    public var args: [TypedSpan]   // `type` is the role
    public init(type: String, offset: [Int], text: String, args: [TypedSpan]) {
        (self.type, self.offset, self.text, self.args) = (type, offset, text, args)
    }
}

/// One record before linearization: `label: span` with its associations `[label, span]`.
public struct SpotAsoc: Codable, Equatable, Hashable, Sendable {
    public var span: String
    public var label: String
    public var asoc: [[String]]    // each [association label, span]; UIE stores pairs as 2-lists
    public init(span: String, label: String, asoc: [[String]] = []) {
        (self.span, self.label, self.asoc) = (span, label, asoc)
    }
}

/// One line of a UIE JSON-lines file.
public struct UIEExample: Codable, Equatable, Sendable {
    public var text: String
    public var tokens: [String]
    public var record: String
    public var entity: [TypedSpan]
    public var relation: [RelationMention]
    public var event: [EventMention]
    public var spot: [String]
    public var asoc: [String]
    public var spotAsoc: [SpotAsoc]
    public var task: String?

    enum CodingKeys: String, CodingKey {
        case text, tokens, record, entity, relation, event, spot, asoc, task
        case spotAsoc = "spot_asoc"
    }

    public init(text: String, tokens: [String], record: String, entity: [TypedSpan] = [], relation: [RelationMention] = [],
                event: [EventMention] = [], spot: [String] = [], asoc: [String] = [], spotAsoc: [SpotAsoc] = [],
                task: String? = nil) {
        (self.text, self.tokens, self.record, self.entity, self.relation) = (text, tokens, record, entity, relation)
        (self.event, self.spot, self.asoc, self.spotAsoc, self.task) = (event, spot, asoc, spotAsoc, task)
    }
}

/// A record recovered from generated SEL (before offsets are matched): `label: span` and its
/// associations. This is what the parser returns.
public struct ParsedRecord: Equatable, Hashable, Sendable {
    public var label: String
    public var span: String
    public var associations: [ParsedAssociation]
    public init(label: String, span: String, associations: [ParsedAssociation] = []) {
        (self.label, self.span, self.associations) = (label, span, associations)
    }
}

public struct ParsedAssociation: Equatable, Hashable, Sendable {
    public var label: String
    public var span: String
    public init(label: String, span: String) { (self.label, self.span) = (label, span) }
}
