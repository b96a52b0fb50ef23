// Turns a TaskSpec and a seed into UIE-format sentences (chapter 3). A sentence is an optional
// opener, one to three clauses joined by connectors, and an optional closer; each clause is a
// pattern whose slots are filled with mentions. Mention names all come from one pool shared by
// every task, so the only way to extract them is to read the cues around them and copy.

import T5
import Tensors

public struct BenchmarkGenerator: Sendable {
    public let spec: TaskSpec
    public let names: [String]

    public init(spec: TaskSpec, names: [String]) { (self.spec, self.names) = (spec, names) }

    /// One sentence with its gold structures, record target and spot_asoc.
    public func example(_ rng: inout SeededGenerator) -> UIEExample {
        var s = SentenceBuilder()
        if !spec.openers.isEmpty, rng.nextUniform() < 0.35 { render(pick(spec.openers, &rng), into: &s, &rng) }
        let clauses = 1 + weightedIndex([0.45, 0.4, 0.15], &rng)
        for c in 0..<clauses {
            if c > 0 { render(pick(spec.connectors, &rng), into: &s, &rng) }
            clause(into: &s, &rng)
        }
        if !spec.closers.isEmpty, rng.nextUniform() < 0.35 { render(pick(spec.closers, &rng), into: &s, &rng) }
        s.finish()
        return s.example(kind: spec.kind)
    }

    func clause(into s: inout SentenceBuilder, _ rng: inout SeededGenerator) {
        switch spec.kind {
        case .entity, .relation:
            let link = pick(spec.links, &rng)
            // Relation tasks mostly use links that carry a label; unlabelled ones add entities only.
            if spec.kind == .relation, link.label == nil, rng.nextUniform() < 0.5, let labelled = spec.links.filter({ $0.label != nil }).randomElement(using: &rng) {
                s.link = labelled
            } else {
                s.link = link
            }
            render(pick(s.link!.phrases, &rng), into: &s, &rng)
            s.closeLink()
        case .event:
            let frame = pick(spec.frames, &rng)
            s.frame = frame
            render(pick(frame.patterns, &rng), into: &s, &rng)
            s.closeEvent()
        case .absa:
            render(pick(spec.absaPatterns, &rng), into: &s, &rng)
            s.closeABSA()
        }
    }

    // MARK: pattern rendering

    func render(_ pattern: String, into s: inout SentenceBuilder, _ rng: inout SeededGenerator) {
        for piece in PatternPiece.parse(pattern) {
            switch piece {
            case .word(let w): s.appendWord(w)
            case .slot(let kind, let arg):
                switch kind {
                case "H", "T":
                    let type = choose(kind == "H" ? s.link!.head : s.link!.tail, &rng)
                    let words = reusableMention(type: type, in: s, &rng)
                    let span = s.append(words)
                    if kind == "H" { s.head = TypedSpan(type: type, offset: span, text: words.joined(separator: " ")) }
                    else { s.tail = TypedSpan(type: type, offset: span, text: words.joined(separator: " ")) }
                case "E":
                    let type = choose(arg, &rng), words = mention(type, &rng)
                    s.addEntity(type: type, words: words)
                case "X":
                    _ = s.append(mention(choose(arg, &rng), &rng))
                case "R":
                    let type = choose(s.frame?.roles[arg] ?? arg, &rng), words = mention(type, &rng)
                    let span = s.append(words)
                    s.arguments.append(TypedSpan(type: arg, offset: span, text: words.joined(separator: " ")))
                case "TRIG":
                    let words = split(pick(s.frame!.triggers, &rng))
                    let span = s.append(words)
                    s.trigger = (span, words.joined(separator: " "))
                case "A":
                    let words = split(pick(spec.lists["aspect"]!, &rng))
                    s.aspects[Int(arg) ?? 0] = TypedSpan(type: "aspect", offset: s.append(words), text: words.joined(separator: " "))
                case "O":
                    let polarity = ["positive", "negative", "neutral"][weightedIndex([0.5, 0.35, 0.15], &rng)]
                    let words = split(pick(spec.lists[polarity]!, &rng))
                    s.opinions.append((Int(arg) ?? 0, polarity, TypedSpan(type: "opinion", offset: s.append(words), text: words.joined(separator: " "))))
                case "w":
                    render(pick(spec.lists[arg] ?? ["?\(arg)"], &rng), into: &s, &rng)   // entries may hold {year}
                case "year": s.words.append(String(1950 + rng.nextInt(below: 75)))
                case "num": s.words.append(String(2 + rng.nextInt(below: 97)))
                default: s.words.append("{\(kind)}")
                }
            }
        }
    }

    /// A mention of `type`: one of its forms, with names from the shared pool.
    func mention(_ type: String, _ rng: inout SeededGenerator) -> [String] {
        guard let forms = spec.forms[type] else { return ["?\(type)"] }
        var words: [String] = []
        for piece in PatternPiece.parse(pick(forms, &rng)) {
            switch piece {
            case .word(let w): words.append(w)
            case .slot("Name", _): words.append(pick(names, &rng))
            case .slot("w", let list): words += mentionWords(pick(spec.lists[list] ?? ["?\(list)"], &rng), &rng)
            case .slot("num", _): words.append(String(2 + rng.nextInt(below: 97)))
            case .slot("year", _): words.append(String(1950 + rng.nextInt(below: 75)))
            case .slot(let k, _): words.append("{\(k)}")
            }
        }
        return words
    }

    /// The words of a list entry inside a mention (entries may hold {num} or {year}).
    func mentionWords(_ entry: String, _ rng: inout SeededGenerator) -> [String] {
        PatternPiece.parse(entry).map { piece in
            switch piece {
            case .word(let w): return w
            case .slot("year", _): return String(1950 + rng.nextInt(below: 75))
            case .slot("num", _): return String(2 + rng.nextInt(below: 97))
            case .slot("Name", _): return pick(names, &rng)
            case .slot(let k, _): return "{\(k)}"
            }
        }
    }

    /// A new mention, or (a quarter of the time) a repeat of an earlier mention of the same type:
    /// repeated words are what offset matching has to get right.
    func reusableMention(type: String, in s: SentenceBuilder, _ rng: inout SeededGenerator) -> [String] {
        let earlier = s.entities.filter { $0.type == type }
        if !earlier.isEmpty, rng.nextUniform() < 0.25 { return split(pick(earlier, &rng).text) }
        return mention(type, &rng)
    }

    func choose(_ alternatives: String, _ rng: inout SeededGenerator) -> String {
        let options = alternatives.split(separator: "|").map(String.init)
        return options.count == 1 ? options[0] : pick(options, &rng)
    }
    func split(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }
    func pick<T>(_ list: [T], _ rng: inout SeededGenerator) -> T { list[rng.nextInt(below: list.count)] }
    func weightedIndex(_ weights: [Double], _ rng: inout SeededGenerator) -> Int {
        var u = Double(rng.nextUniform()) * weights.reduce(0, +)
        for (i, w) in weights.enumerated() { if u < w { return i }; u -= w }
        return weights.count - 1
    }
}

enum PatternPiece: Equatable {
    case word(String)
    case slot(String, String)   // kind, argument ("E", "person|organization")

    static func parse(_ pattern: String) -> [PatternPiece] {
        var out: [PatternPiece] = [], rest = Substring(pattern)
        while !rest.isEmpty {
            if rest.first == "{", let close = rest.firstIndex(of: "}") {
                let body = rest[rest.index(after: rest.startIndex)..<close]
                if let colon = body.firstIndex(of: ":") {
                    out.append(.slot(String(body[..<colon]), String(body[body.index(after: colon)...])))
                } else {
                    out.append(.slot(String(body), ""))
                }
                rest = rest[rest.index(after: close)...]
            } else if rest.first == " " {
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(where: { $0 == " " || $0 == "{" }) ?? rest.endIndex
                out.append(.word(String(rest[..<end])))
                rest = rest[end...]
            }
        }
        return out
    }
}

/// Collects the words of a sentence and the structures found while rendering it.
struct SentenceBuilder {
    var words: [String] = []
    var entities: [TypedSpan] = []
    var relations: [RelationMention] = []
    var events: [EventMention] = []
    // state of the clause being rendered
    var link: Link?
    var head: TypedSpan?, tail: TypedSpan?
    var frame: EventFrame?
    var trigger: ([Int], String)?
    var arguments: [TypedSpan] = []
    var aspects: [Int: TypedSpan] = [:]
    var opinions: [(Int, String, TypedSpan)] = []

    mutating func append(_ w: [String]) -> [Int] {
        let start = words.count
        words += w
        return Array(start..<words.count)
    }

    /// Appends a pattern word, merging punctuation that templates put side by side
    /// ("…, a town in X ," followed by ", said …" gives one comma). Punctuation is never inside
    /// a mention, so no span moves.
    mutating func appendWord(_ w: String) {
        let marks: Set<String> = [",", ";", ".", "!"]
        if marks.contains(w), let last = words.last, marks.contains(last) {
            if w == "." || w == "!" { words[words.count - 1] = w }
            return
        }
        words.append(w)
    }

    /// Ends the sentence with a full stop unless it already ends with one.
    mutating func finish() {
        if let last = words.last, last == "," || last == ";" { words[words.count - 1] = "." }
        else if words.last != "." && words.last != "!" { words.append(".") }
    }

    mutating func addEntity(type: String, words w: [String]) {
        let span = append(w)
        entities.append(TypedSpan(type: type, offset: span, text: w.joined(separator: " ")))
    }

    mutating func closeLink() {
        if let head { entities.append(head) }
        if let tail { entities.append(tail) }
        if let label = link?.label, let head, let tail { relations.append(RelationMention(type: label, head: head, tail: tail)) }
        (link, head, tail) = (nil, nil, nil)
    }

    mutating func closeEvent() {
        if let frame, let trigger {
            events.append(EventMention(type: frame.type, offset: trigger.0, text: trigger.1, args: arguments))
        }
        (frame, trigger, arguments) = (nil, nil, [])
    }

    mutating func closeABSA() {
        for a in aspects.keys.sorted() { entities.append(aspects[a]!) }
        for (a, polarity, opinion) in opinions {
            entities.append(opinion)
            if let aspect = aspects[a] { relations.append(RelationMention(type: polarity, head: aspect, tail: opinion)) }
        }
        (aspects, opinions) = ([:], [])
    }

    func example(kind: TaskKind) -> UIEExample {
        let entitiesOut = kind == .event ? [] : entities.sorted { $0.offset.lexicographicallyPrecedes($1.offset) }
        let records = Linearizer.records(entities: entitiesOut, relations: relations, events: events)
        let spotAsoc = Linearizer.spotAsoc(records)
        var spots: [String] = [], asocs: [String] = []
        for r in spotAsoc {
            if !spots.contains(r.label) { spots.append(r.label) }
            for a in r.asoc where !asocs.contains(a[0]) { asocs.append(a[0]) }
        }
        return UIEExample(text: words.joined(separator: " "), tokens: words, record: Linearizer.target(spotAsoc),
                          entity: entitiesOut, relation: relations, event: events, spot: spots, asoc: asocs, spotAsoc: spotAsoc)
    }
}
