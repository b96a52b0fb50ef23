// What defines one synthetic task of the benchmark (chapter 3): its label names, the words of
// its domain, and the sentence patterns its generator fills. The specs themselves are in
// Lexicon*.swift; BenchmarkGenerator turns a spec and a seed into UIE-format sentences.
//
// Pattern language (used by every pattern, opener and mention form):
//   {H} {T}         the head and tail mention of a link (entity and relation tasks)
//   {E:type}        an annotated mention of an entity type ("a|b" picks one of several)
//   {X:type}        a distractor mention of a type this task does not annotate
//   {R:role}        an event argument filling `role` (its mention type comes from the frame)
//   {TRIG}          the event trigger
//   {A:n} {O:n}     ABSA aspect n; an opinion about aspect n (n = 0: an opinion with no aspect)
//   {w:list}        one entry of the domain list `list` (entries may be several words)
//   {Name}          a name from the shared pool (only in mention forms)
//   {year} {num}    a year, a small number

/// A way two mentions are connected in a clause, with the relation label it expresses (nil for
/// a connection the task does not annotate, which still yields two entities).
public struct Link: Sendable {
    public let label: String?
    public let head: String
    public let tail: String
    public let phrases: [String]
    public init(_ label: String?, _ head: String, _ tail: String, _ phrases: [String]) {
        (self.label, self.head, self.tail, self.phrases) = (label, head, tail, phrases)
    }
}

/// An event type: trigger words, its roles (role → mention type) and clause patterns.
public struct EventFrame: Sendable {
    public let type: String
    public let triggers: [String]
    public let roles: [String: String]
    public let patterns: [String]
    public init(_ type: String, triggers: [String], roles: [String: String], patterns: [String]) {
        (self.type, self.triggers, self.roles, self.patterns) = (type, triggers, roles, patterns)
    }
}

public struct TaskSpec: Sendable {
    public let id: String              // folder name, e.g. "ace05-ent"
    public let stands: String          // the real dataset it stands in for, e.g. "ACE05-Ent"
    public let kind: TaskKind
    public let domain: String
    /// Annotated entity types (entity and relation tasks; "aspect"/"opinion" for ABSA).
    public let entityTypes: [String]
    public let links: [Link]
    public let frames: [EventFrame]
    /// ABSA clause patterns.
    public let absaPatterns: [String]
    /// Mention forms per type (annotated and distractor types).
    public let forms: [String: [String]]
    /// Word lists of the domain.
    public let lists: [String: [String]]
    /// Clause connectors, sentence openers and closers (may hold distractor slots).
    public let connectors: [String]
    public let openers: [String]
    public let closers: [String]
    /// UIE's offset-mapping strategy for the real dataset: `first` only for CoNLL03.
    public let firstStrategy: Bool
    /// The schema files of a task read from a dataset folder (`TaskFolder`), which has no
    /// generator fields to derive them from; nil for the generated tasks.
    public private(set) var folderSchemas: TaskSchemas? = nil

    public init(id: String, stands: String, kind: TaskKind, domain: String, entityTypes: [String] = [],
                links: [Link] = [], frames: [EventFrame] = [], absaPatterns: [String] = [],
                forms: [String: [String]] = [:], lists: [String: [String]] = [:],
                connectors: [String], openers: [String] = [], closers: [String] = [], firstStrategy: Bool = false) {
        (self.id, self.stands, self.kind, self.domain, self.entityTypes) = (id, stands, kind, domain, entityTypes)
        (self.links, self.frames, self.absaPatterns, self.forms, self.lists) = (links, frames, absaPatterns, forms, lists)
        (self.connectors, self.openers, self.closers, self.firstStrategy) = (connectors, openers, closers, firstStrategy)
    }

    /// Relation labels (association labels of a relation or ABSA task).
    public var relationLabels: [String] {
        var seen = Set<String>()
        return links.compactMap(\.label).filter { seen.insert($0).inserted }
    }

    public var eventRoles: [String] {
        var seen = Set<String>()
        return frames.flatMap { $0.roles.keys.sorted() }.filter { seen.insert($0).inserted }
    }

    /// A task read from a dataset folder: its id, kind and schema files, no generator.
    public init(folderTask id: String, kind: TaskKind, schemas: TaskSchemas, firstStrategy: Bool) {
        self.init(id: id, stands: "folder", kind: kind, domain: "", entityTypes: schemas.entity.types, connectors: [],
                  firstStrategy: firstStrategy)
        folderSchemas = schemas
    }

    /// The four schema files of this task.
    public var schemas: TaskSchemas {
        if let folderSchemas { return folderSchemas }
        switch kind {
        case .entity:
            let s = Schema(types: entityTypes, roles: [], typeRoles: Dictionary(uniqueKeysWithValues: entityTypes.map { ($0, []) }))
            return TaskSchemas(record: s, entity: s, relation: Schema(types: []), event: Schema(types: []))
        case .relation, .absa:
            var headRoles: [String: [String]] = Dictionary(uniqueKeysWithValues: entityTypes.map { ($0, []) })
            var relationArgs: [String: [String]] = [:]
            for link in links {
                guard let label = link.label else { continue }
                for head in link.head.split(separator: "|").map(String.init) where !(headRoles[head]?.contains(label) ?? true) {
                    headRoles[head]!.append(label)
                }
                let args = (link.head.split(separator: "|") + link.tail.split(separator: "|")).map(String.init)
                for a in args where !(relationArgs[label, default: []].contains(a)) { relationArgs[label, default: []].append(a) }
            }
            let argumentTypes = entityTypes.filter { t in relationArgs.values.contains { $0.contains(t) } }
            return TaskSchemas(record: Schema(types: entityTypes, roles: relationLabels, typeRoles: headRoles),
                               entity: Schema(types: entityTypes, roles: [], typeRoles: Dictionary(uniqueKeysWithValues: entityTypes.map { ($0, []) })),
                               relation: Schema(types: relationLabels, roles: argumentTypes, typeRoles: relationArgs),
                               event: Schema(types: []))
        case .event:
            let types = frames.map(\.type)
            let map = Dictionary(uniqueKeysWithValues: frames.map { ($0.type, $0.roles.keys.sorted()) })
            let s = Schema(types: types, roles: eventRoles, typeRoles: map)
            return TaskSchemas(record: s, entity: Schema(types: []), relation: Schema(types: []), event: s)
        }
    }
}
