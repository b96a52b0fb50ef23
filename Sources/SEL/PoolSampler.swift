// Pretraining tasks sampled from the world (chapter 3). Every extraction example of the
// backbone's training comes from a task drawn afresh: a kind, a few categories, relations or
// events of the world, a name for each label, and a schema prompt that the model must read.
// Three things make the prompt matter, as UIE's pretraining does with its schema sampling:
//   - labels are renamed from their synonyms, so which word to write comes from the prompt;
//   - absent labels are added (negative schema), so a label in the prompt is not a promise;
//   - a present label is sometimes left out, and its records leave the target with it.
// A few tasks (one label only) take a random word of the vocabulary as their name: the only
// way to write it is to copy it from the prompt, which new tasks' label names need.

import T5
import Tensors

// snippet.pool-sampling
public struct PoolSampling: Codable, Equatable, Sendable {
    /// Chance that a label is called by one of its other names instead of its first.
    public var renameRate = 0.5
    /// Absent labels added to each section of the prompt: 0 to this many.
    public var maxNegatives = 3
    /// Chance that one present record label is left out of the prompt (and of the target).
    public var dropRate = 0.25
    /// Chance of a one-label task whose label is a random word of the vocabulary.
    public var randomNameRate = 0.1
    /// The ablation: only the pool's eight fixed tasks, every label under its first name, in
    /// every prompt (a backbone that learns label sets instead of reading the prompt).
    public var fixedTasks = false
    public init() {}
}
// snippet.end

/// One training example of the pool: the schema prompt (before shuffling) and the gold.
public struct PoolExample: Sendable {
    public var prompt: SchemaPrompt
    public var example: UIEExample
}

public struct PoolSampler: Sendable {
    public let sampling: PoolSampling
    public let names: [String]
    /// Words a random label name may be made of.
    let randomWords: [String]

    public init(sampling: PoolSampling = PoolSampling(), names: [String] = Benchmark.names, vocabulary: Vocabulary) {
        (self.sampling, self.names) = (sampling, names)
        // Lower-case words only (capitalised tokens are mostly the names mentions are made of), and
        // none of the world's own label words, whose meaning the other tasks fix.
        let labelWords = Set(PoolWorld.labelNames.flatMap { $0.split(separator: " ").map(String.init) })
        randomWords = vocabulary.tokens.filter { t in
            t.count > 2 && t.first!.isLowercase && t.allSatisfy { $0.isLetter || $0 == "-" } && !labelWords.contains(t)
        }
    }

    // MARK: tasks

    /// A task of `kind` built from the world's pieces, labels under their canonical names.
    static func task(kind: TaskKind, relations: [WorldRelation] = [], events: [WorldEvent] = [], review: Int = 0, id: String = "pool") -> TaskSpec {
        let W = PoolWorld.self
        switch kind {
        case .entity, .relation:
            var types: [String] = []
            for r in relations { for t in [r.head, r.tail] where !types.contains(t) { types.append(t) } }
            var links = relations.map { Link(kind == .relation ? $0.names.first : nil, $0.head, $0.tail, $0.phrases) }
            // Unlabelled connections between the task's categories add entities without relations.
            links += W.unlabelledRelations.filter { types.contains($0.head) && types.contains($0.tail) }
                .map { Link(nil, $0.head, $0.tail, $0.phrases) }
            return TaskSpec(id: id, stands: "pool", kind: kind, domain: "pretraining world", entityTypes: types, links: links,
                            forms: W.forms, lists: W.lists, connectors: W.connectors, openers: W.openers, closers: W.closers)
        case .event:
            let frames = events.map { EventFrame($0.names[0], triggers: $0.triggers, roles: $0.roles, patterns: $0.patterns) }
            return TaskSpec(id: id, stands: "pool", kind: .event, domain: "pretraining world", frames: frames,
                            forms: W.forms, lists: W.lists, connectors: W.connectors, openers: W.openers, closers: W.closers)
        case .absa:
            let domain = W.reviewDomains[review % W.reviewDomains.count]
            var lists = W.opinions
            lists["aspect"] = domain.aspects
            lists["aspectDistractor"] = domain.distractors
            lists["weekday"] = W.lists["weekday"]
            return TaskSpec(id: id, stands: "pool", kind: .absa, domain: "reviews", entityTypes: ["aspect", "opinion"],
                            links: ["positive", "negative", "neutral"].map { Link($0, "aspect", "opinion", []) },
                            absaPatterns: W.absaPatterns, lists: lists,
                            connectors: W.reviewConnectors, openers: W.reviewOpeners, closers: W.reviewClosers)
        }
    }

    /// A random task: the kind, then 1-4 relations or events of the world (or a review domain).
    public func randomTask(_ rng: inout SeededGenerator) -> TaskSpec {
        let W = PoolWorld.self
        let kind = [TaskKind.entity, .relation, .event, .absa][weighted([0.25, 0.32, 0.3, 0.13], &rng)]
        let size = 1 + rng.nextInt(below: 4)
        switch kind {
        case .entity, .relation:
            return Self.task(kind: kind, relations: sample(W.labelledRelations, size, &rng))
        case .event:
            return Self.task(kind: .event, events: sample(W.events, size, &rng))
        case .absa:
            return Self.task(kind: .absa, review: rng.nextInt(below: W.reviewDomains.count))
        }
    }

    /// A one-label task (a relation between two mentions of one category, or one event type).
    func oneLabelTask(_ rng: inout SeededGenerator) -> TaskSpec {
        if rng.nextUniform() < 0.5 {
            let same = PoolWorld.labelledRelations.filter { $0.head == $0.tail }
            return Self.task(kind: rng.nextUniform() < 0.5 ? .entity : .relation, relations: [same[rng.nextInt(below: same.count)]])
        }
        return Self.task(kind: .event, events: [PoolWorld.events[rng.nextInt(below: PoolWorld.events.count)]])
    }

    // MARK: examples

    // snippet.pool-example
    /// One example: a sampled task's sentence, its labels renamed, negatives added, sometimes a
    /// present label dropped from both prompt and target.
    public func example(_ rng: inout SeededGenerator) -> PoolExample {
        if sampling.fixedTasks {
            let spec = Benchmark.pool[rng.nextInt(below: Benchmark.pool.count)]
            return PoolExample(prompt: SchemaPrompt(recordSchema: spec.schemas.record),
                               example: BenchmarkGenerator(spec: spec, names: names).example(&rng))
        }
        let randomNames = rng.nextUniform() < Float(sampling.randomNameRate)
        let spec = randomNames ? oneLabelTask(&rng) : randomTask(&rng)
        var gold = BenchmarkGenerator(spec: spec, names: names).example(&rng)
        guard spec.kind != .absa else {   // review labels are fixed by the task, as in the benchmark
            return PoolExample(prompt: SchemaPrompt(recordSchema: spec.schemas.record), example: gold)
        }
        // 1. A name for every label of the task.
        let schema = spec.schemas.record
        var rename: [String: String] = [:]
        for label in schema.types {
            rename[label] = randomNames ? randomName(&rng) : pickName(synonyms(spot: label, kind: spec.kind), &rng)
        }
        for label in schema.roles {
            rename[label] = randomNames && spec.kind != .event ? randomName(&rng) : pickName(synonyms(asoc: label, kind: spec.kind), &rng)
        }
        gold = relabel(gold, rename)
        var spots = schema.types.map { rename[$0]! }, asocs = schema.roles.map { rename[$0]! }
        // 2. Sometimes a present record label leaves the prompt, and its records the target.
        let present = Array(Set(gold.entity.map(\.type) + gold.event.map(\.type))).sorted()
        if !present.isEmpty, spots.count > 1, rng.nextUniform() < Float(sampling.dropRate) {
            let dropped = present[rng.nextInt(below: present.count)]
            spots.removeAll { $0 == dropped }
            gold = drop(spot: dropped, from: gold)
        }
        // 3. Absent labels of the same kind join the prompt.
        if !randomNames {
            spots += negatives(spot: spec.kind, excluding: Set(spots), &rng)
            if !asocs.isEmpty { asocs += negatives(asoc: spec.kind, excluding: Set(asocs), &rng) }
        }
        return PoolExample(prompt: SchemaPrompt(recordLabels: spots, associationLabels: asocs), example: gold)
    }
    // snippet.end

    func synonyms(spot label: String, kind: TaskKind) -> [String] {
        kind == .event ? (PoolWorld.events.first { $0.names[0] == label }?.names ?? [label])
                       : (PoolWorld.categoryByKey[label]?.names ?? [label])
    }
    func synonyms(asoc label: String, kind: TaskKind) -> [String] {
        kind == .event ? [label] : (PoolWorld.labelledRelations.first { $0.names[0] == label }?.names ?? [label])
    }

    func pickName(_ names: [String], _ rng: inout SeededGenerator) -> String {
        names.count > 1 && rng.nextUniform() < Float(sampling.renameRate) ? names[1 + rng.nextInt(below: names.count - 1)] : names[0]
    }

    func randomName(_ rng: inout SeededGenerator) -> String {
        let words = 1 + (rng.nextUniform() < 0.3 ? 1 : 0)
        return (0..<words).map { _ in randomWords[rng.nextInt(below: randomWords.count)] }.joined(separator: " ")
    }

    func negatives(spot kind: TaskKind, excluding: Set<String>, _ rng: inout SeededGenerator) -> [String] {
        let pool = kind == .event ? PoolWorld.events.map(\.names) : PoolWorld.categories.map(\.names)
        return draw(pool, excluding: excluding, &rng)
    }
    func negatives(asoc kind: TaskKind, excluding: Set<String>, _ rng: inout SeededGenerator) -> [String] {
        let pool = kind == .event ? PoolWorld.events.flatMap { $0.roles.keys.map { [$0] } } : PoolWorld.labelledRelations.map(\.names)
        return draw(pool, excluding: excluding, &rng)
    }

    /// 0 to maxNegatives names of label groups none of whose names is already in the prompt.
    func draw(_ groups: [[String]], excluding: Set<String>, _ rng: inout SeededGenerator) -> [String] {
        let free = groups.filter { $0.allSatisfy { !excluding.contains($0) } }
        var out: [String] = []
        for group in sample(free, rng.nextInt(below: sampling.maxNegatives + 1), &rng) {
            let name = pickName(group, &rng)
            if !out.contains(name) { out.append(name) }
        }
        return out
    }

    func relabel(_ e: UIEExample, _ rename: [String: String]) -> UIEExample {
        func span(_ s: TypedSpan) -> TypedSpan { TypedSpan(type: rename[s.type] ?? s.type, offset: s.offset, text: s.text) }
        let entities = e.entity.map(span)
        let relations = e.relation.map { RelationMention(type: rename[$0.type] ?? $0.type, args: $0.args.map(span)) }
        let events = e.event.map { EventMention(type: rename[$0.type] ?? $0.type, offset: $0.offset, text: $0.text, args: $0.args.map(span)) }
        return Self.rebuilt(e, entities: entities, relations: relations, events: events)
    }

    func drop(spot label: String, from e: UIEExample) -> UIEExample {
        Self.rebuilt(e, entities: e.entity.filter { $0.type != label },
                     relations: e.relation.filter { $0.args.first?.type != label },
                     events: e.event.filter { $0.type != label })
    }

    static func rebuilt(_ e: UIEExample, entities: [TypedSpan], relations: [RelationMention], events: [EventMention]) -> UIEExample {
        let spotAsoc = Linearizer.spotAsoc(Linearizer.records(entities: entities, relations: relations, events: events))
        var spots: [String] = [], asocs: [String] = []
        for r in spotAsoc {
            if !spots.contains(r.label) { spots.append(r.label) }
            for a in r.asoc where !asocs.contains(a[0]) { asocs.append(a[0]) }
        }
        return UIEExample(text: e.text, tokens: e.tokens, record: Linearizer.target(spotAsoc), entity: entities,
                          relation: relations, event: events, spot: spots, asoc: asocs, spotAsoc: spotAsoc)
    }

    func sample<T>(_ items: [T], _ count: Int, _ rng: inout SeededGenerator) -> [T] {
        var pool = items, out: [T] = []
        while out.count < count, !pool.isEmpty { out.append(pool.remove(at: rng.nextInt(below: pool.count))) }
        return out
    }
    func weighted(_ weights: [Double], _ rng: inout SeededGenerator) -> Int {
        var u = Double(rng.nextUniform()) * weights.reduce(0, +)
        for (i, w) in weights.enumerated() { if u < w { return i }; u -= w }
        return weights.count - 1
    }
}

extension PoolWorld {
    /// The pool's fixed evaluation tasks: two per kind, canonical names, every label in the prompt.
    static func evaluationTasks() -> [TaskSpec] {
        func relations(_ names: [String]) -> [WorldRelation] { names.map { n in labelledRelations.first { $0.names[0] == n }! } }
        func events(_ names: [String]) -> [WorldEvent] { names.map { n in Self.events.first { $0.names[0] == n }! } }
        return [
            PoolSampler.task(kind: .entity, relations: relations(["employer", "head office", "studied at", "member of"]), id: "pool-ner-people"),
            PoolSampler.task(kind: .entity, relations: relations(["treats", "habitat", "signature dish", "author of"]), id: "pool-ner-things"),
            PoolSampler.task(kind: .relation, relations: relations(["plays for", "home ground", "spouse", "award received"]), id: "pool-re-life"),
            PoolSampler.task(kind: .relation, relations: relations(["owns", "manufacturer", "developer", "situated in"]), id: "pool-re-business"),
            PoolSampler.task(kind: .event, events: events(["marriage", "graduation", "relocation", "prize ceremony"]), id: "pool-ee-life"),
            PoolSampler.task(kind: .event, events: events(["acquisition", "layoff", "recall", "lawsuit"]), id: "pool-ee-business"),
            PoolSampler.task(kind: .absa, review: 0, id: "pool-absa-hotel"),
            PoolSampler.task(kind: .absa, review: 3, id: "pool-absa-film"),
        ]
    }
}
