// Chapter 3 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's SEL library is the oracle (Linearizer, SELParser, OffsetMatcher, the scorer), on
// hand-made sentences, on sentences of the synthetic benchmark and on seeded random inputs.

import Foundation
import SEL
import Tensors
import Testing
#if LPT_SOLUTIONS
import Solutions03
#else
import Exercises03
#endif

@Suite struct Ch03Tests {
    static let (o, c, k) = (SELToken.open, SELToken.close, SELToken.colon)

    static func span(_ type: String, _ offset: [Int], _ tokens: [String]) -> TypedSpan {
        TypedSpan(type: type, offset: offset, text: offset.map { tokens[$0] }.joined(separator: " "))
    }

    @Test("3.1 linearize events")
    func ex3_1_linearizeEvents() throws {
        func library(_ events: [EventMention]) -> String { Linearizer.target(entities: [], relations: [], events: events) }
        // The stub's example, by hand: two events sharing two arguments, listed out of order.
        let t = "Rebels attacked the convoy near Kabul and killed two soldiers .".split(separator: " ").map(String.init)
        let rebels = Self.span("attacker", [0], t), kabul = Self.span("place", [5], t)
        let attack = EventMention(type: "attack", offset: [1], text: "attacked",
                                  args: [kabul, Self.span("target", [2, 3], t), rebels])
        let die = EventMention(type: "die", offset: [7], text: "killed",
                               args: [Self.span("victim", [8, 9], t), Self.span("agent", [0], t), kabul])
        let mine = try linearizeEvents([die, attack])
        #expect(SELToken.readable(mine) == "((attack: attacked (attacker: Rebels) (target: the convoy) (place: Kabul))"
                + " (die: killed (agent: Rebels) (place: Kabul) (victim: two soldiers)))", "\(SELToken.readable(mine))")
        #expect(mine == library([die, attack]))
        // Input order does not matter (no two events share trigger offsets and type here).
        let reordered = [attack, die].map { EventMention(type: $0.type, offset: $0.offset, text: $0.text, args: $0.args.reversed()) }
        #expect(try linearizeEvents(reordered) == mine)
        // Nothing to write: two spaces between the brackets.
        #expect(try linearizeEvents([]) == "\(Self.o)  \(Self.c)")
        #expect(try linearizeEvents([EventMention(type: "die", offset: [], text: "", args: [kabul])]) == "\(Self.o)  \(Self.c)")

        // Order rules on one made-up sentence: a proper prefix first ([3] before [3, 4]), event type
        // on equal trigger offsets, role on equal argument offsets, a repeated (offsets, role) and
        // empty spans dropped, and of two events with equal trigger offsets and type the first
        // listed kept with its own arguments.
        let u = "Police said gunmen shot dead a guard in Oslo on Monday .".split(separator: " ").map(String.init)
        let gunmen = Self.span("attacker", [2], u), victim = Self.span("victim", [5, 6], u), oslo = Self.span("place", [8], u)
        let events = [
            EventMention(type: "injure", offset: [3], text: "shot", args: [oslo, victim, Self.span("agent", [2], u), gunmen]),
            EventMention(type: "die", offset: [3, 4], text: "shot dead", args: [victim, TypedSpan(type: "time", offset: [10], text: ""), victim]),
            EventMention(type: "attack", offset: [3], text: "shot", args: [Self.span("target", [5, 6], u), gunmen, Self.span("place", [8], u)]),
            EventMention(type: "attack", offset: [3], text: "shot", args: [Self.span("agent", [0], u)]),
            EventMention(type: "meet", offset: [1], text: "", args: [oslo]),
        ]
        let expected = library(events)
        #expect(SELToken.readable(expected) == "((attack: shot (attacker: gunmen) (target: a guard) (place: Oslo))"
                + " (injure: shot (agent: gunmen) (attacker: gunmen) (victim: a guard) (place: Oslo)) (die: shot dead (victim: a guard)))",
                "\(SELToken.readable(expected))")
        let edge = try linearizeEvents(events)
        #expect(edge == expected, "\(SELToken.readable(edge))")

        // Every event task of the benchmark and of the pretraining pool: the generator's own
        // targets, and the library on the same events shuffled.
        var mismatches: [String] = []
        var rng = SeededGenerator(seed: 31)
        for spec in Benchmark.tasks + Benchmark.pool where spec.kind == .event {
            let generator = BenchmarkGenerator(spec: spec, names: Benchmark.names)
            for _ in 0..<25 {
                let e = generator.example(&rng)
                let ours = try linearizeEvents(e.event)
                if ours != e.record { mismatches.append("\(spec.id): \(e.text)\n  \(SELToken.readable(ours))\n  \(SELToken.readable(e.record))") }
                let shuffled = e.event.shuffled(using: &rng).map {
                    EventMention(type: $0.type, offset: $0.offset, text: $0.text, args: $0.args.shuffled(using: &rng))
                }
                if try linearizeEvents(shuffled) != library(shuffled) { mismatches.append("\(spec.id), shuffled: \(e.text)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(3))")
    }

    @Test("3.2 parse SEL with a missing closer")
    func ex3_2_parseSEL() throws {
        let schema = ChapterExamples.schemas.record
        let (records, asocs) = (Set(schema.types), Set(schema.roles))
        let parser = SELParser(schema: schema)
        let text = ChapterExamples.relation().text
        func mine(_ s: String, _ t: String = text) throws -> SELParse {
            try parseSEL(s, recordLabels: records, associationLabels: asocs, text: t)
        }
        let (o, c, k) = (Self.o, Self.c, Self.k)

        // By hand: two missing closers are appended (.fixed) and the record is kept.
        let fixed = try mine("\(o) \(o) people \(k) Mary Lee")
        #expect(fixed == SELParse(records: [ParsedRecord(label: "people", span: "Mary Lee")], status: .fixed))
        // The running example with its last two closers cut: every record survives.
        let cut = ChapterExamples.relation().record.split(separator: " ").dropLast(2).joined(separator: " ")
        #expect(try mine(cut) == SELParse(records: parser.parse(ChapterExamples.relation().record, text: text).records, status: .fixed))
        #expect(try mine(cut).records.count == 3)
        // A leading closer, no brackets at all, and the empty string are ill-formed.
        for bad in ["\(c) \(o) \(o) people \(k) Mary Lee \(c) \(c)", "Mary Lee works for Orbis Labs .", ""] {
            #expect(try mine(bad) == SELParse(records: [], status: .illFormed), "\(bad)")
        }

        // The chapter's malformed outputs (all but the one without spaces) against the library.
        for (name, generated) in ChapterExamples.malformedOutputs() where name != "no spaces" {
            #expect(try mine(generated) == parser.parse(generated, text: text), "\(name)")
        }
        // Edge cases: two colons, the null span, an association without colon (a two-word label
        // cut to one word), words after an association, brackets nested too deep.
        let edges = ["\(o) \(o) people \(k) Mary \(k) Lee \(c) \(c)",
                     "\(o) \(o) people \(k) <extra_id_6> \(c) \(o) location \(k) Dunmore \(o) live in \(k) <extra_id_6> \(c) \(c) \(c)",
                     "\(o) \(o) people \(k) Mary \(o) work for Orbis Labs \(c) Lee \(c) \(c)",
                     "\(o) \(o) people \(k) Mary Lee \(o) work for \(k) Orbis \(o) \(o) x \(c) \(c) Labs \(c) \(c) \(c)",
                     "noise \(o) words \(o) people \(k) \(c) \(c) trailing \(o) \(o) location \(k) Dunmore \(c) \(c)"]
        for s in edges { #expect(try mine(s) == parser.parse(s, text: text), "\(SELToken.readable(s))") }

        // Seeded random word sequences over brackets, colons, labels and sentence words.
        let alphabet = [o, o, c, c, k, "<extra_id_6>", "people", "location", "work", "for", "live", "in", "Mary", "Lee",
                        "Orbis", "Labs", "Dunmore", "xyz"]
        var rng = SeededGenerator(seed: 32)
        var mismatches: [String] = []
        for _ in 0..<400 {
            let words = (0..<rng.nextInt(below: 24)).map { _ in alphabet[rng.nextInt(below: alphabet.count)] }
            let s = (rng.nextUniform() < 0.7 ? [o, o] : []) + words
            let generated = s.joined(separator: " ")
            if try mine(generated) != parser.parse(generated, text: text) { mismatches.append(SELToken.readable(generated)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 400 differ from SELParser, e.g. \(mismatches.prefix(3))")
    }

    @Test("3.3 offset matching with repeated words (closest)")
    func ex3_3_closestOffsets() throws {
        func library(_ head: String, _ tail: String, _ tokens: [String]) -> (head: [Int], tail: [Int])? {
            let matcher = OffsetMatcher(entityTypes: [], eventTypes: [], strategy: .closest)
            let relation = RelationMention(type: "r", head: TypedSpan(type: "a", offset: [], text: head),
                                           tail: TypedSpan(type: "b", offset: [], text: tail))
            return matcher.offsetStructures(SentenceStructures(relation: [relation]), tokens: tokens).relation.first
                .map { ($0.args[0].offset, $0.args[1].offset) }
        }
        func words(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }

        // By hand (the chapter's sentence; the relation conformance set's Tom → Boston, which goes to token 3).
        let repeated = ChapterExamples.repeatedWord()
        let placed = try closestOffsets(head: "Ana Cole", tail: "Dunmore", tokens: repeated.tokens)
        #expect(placed?.head == [6, 7] && placed?.tail == [10])
        let boston = try closestOffsets(head: "Tom", tail: "Boston", tokens: words("Mary lives in Boston and Tom lives in Boston too ."))
        #expect(boston?.head == [5] && boston?.tail == [3])
        // Ties: the earlier head, then the earlier tail. Missing spans: nil.
        let kim = words("Kim met Lee and Kim")
        let headTie = try closestOffsets(head: "Kim", tail: "Lee", tokens: kim)
        #expect(headTie?.head == [0] && headTie?.tail == [2])
        let tailTie = try closestOffsets(head: "Lee", tail: "Kim", tokens: kim)
        #expect(tailTie?.head == [2] && tailTie?.tail == [0])
        #expect(try closestOffsets(head: "Kim", tail: "Oslo", tokens: kim) == nil)
        #expect(try closestOffsets(head: "Kim met Lee and Kim again", tail: "Kim", tokens: kim) == nil)

        // Seeded random sentences over a five-word alphabet, spans of one to three words.
        let alphabet = ["Kim", "Lee", "Oslo", "met", "in"]
        var rng = SeededGenerator(seed: 33)
        var mismatches: [String] = []
        for _ in 0..<500 {
            let tokens = (0..<(1 + rng.nextInt(below: 12))).map { _ in alphabet[rng.nextInt(below: alphabet.count)] }
            func spanText() -> String { (0...rng.nextInt(below: 3)).map { _ in alphabet[rng.nextInt(below: 3)] }.joined(separator: " ") }
            let (head, tail) = (spanText(), spanText())
            let a = try closestOffsets(head: head, tail: tail, tokens: tokens), b = library(head, tail, tokens)
            if a?.head != b?.head || a?.tail != b?.tail {
                mismatches.append("\(head) → \(tail) in \(tokens): \(String(describing: a)) vs \(String(describing: b))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of 500 differ from OffsetMatcher, e.g. \(mismatches.prefix(3))")
    }

    @Test("3.4 the headline F1 of an event task from per-label counts")
    func ex3_4_eventScore() throws {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }
        func headline(_ trigger: ScoreCounts, _ role: ScoreCounts) -> Double {
            var report = ScoreReport()
            report[.offset, .evtTrigger] = trigger
            report[.offset, .evtRole] = role
            return report.headlineF1(kind: .event)
        }
        // The stub's example: 53.33, not the mean over event types (45) nor one F1 of the pooled
        // counts (54.55).
        let triggers = ["attack": ScoreCounts(tp: 2, gold: 2, pred: 2), "die": ScoreCounts(tp: 0, gold: 2, pred: 0)]
        let roles = ["attack / attacker": ScoreCounts(tp: 1, gold: 3, pred: 2)]
        let score = try eventScore(triggers: triggers, roles: roles)
        #expect(close(score, 160.0 / 3), "\(score)")
        #expect(close(score, headline(ScoreCounts(tp: 2, gold: 4, pred: 2), ScoreCounts(tp: 1, gold: 3, pred: 2))))
        // A label with nothing in it changes nothing; no role tuples at all halve the trigger F1;
        // nothing at all gives 0; a label may be in one dictionary only.
        var padded = triggers
        padded["meet"] = ScoreCounts()
        #expect(close(try eventScore(triggers: padded, roles: roles), score))
        #expect(close(try eventScore(triggers: ["attack": ScoreCounts(tp: 3, gold: 3, pred: 3)], roles: [:]), 50))
        #expect(try eventScore(triggers: [:], roles: [:]) == 0)
        #expect(try eventScore(triggers: ["die": ScoreCounts(gold: 4)], roles: ["die / victim": ScoreCounts(pred: 2)]) == 0)
        #expect(close(try eventScore(triggers: [:], roles: ["die / victim": ScoreCounts(tp: 1, gold: 1, pred: 1)]), 50))

        // Against the kit's full scorer: both event tasks, predictions made from the gold events
        // with events dropped, retyped and invented, and arguments dropped or given another role.
        var rng = SeededGenerator(seed: 34)
        for spec in Benchmark.tasks where spec.kind == .event {
            let schemas = spec.schemas
            let (types, roleNames) = (schemas.event.types, schemas.event.roles)
            let generator = BenchmarkGenerator(spec: spec, names: Benchmark.names)
            let gold = (0..<60).map { _ in generator.example(&rng) }
            let generated = gold.map { example -> String in
                var events: [EventMention] = []
                for var event in example.event {
                    let u = rng.nextUniform()
                    if u < 0.15 { continue }
                    if u < 0.3 { event.type = types[rng.nextInt(below: types.count)] }
                    if !event.args.isEmpty, rng.nextUniform() < 0.25 { event.args.removeLast() }
                    if !event.args.isEmpty, rng.nextUniform() < 0.15 {
                        event.args[rng.nextInt(below: event.args.count)].type = roleNames[rng.nextInt(below: roleNames.count)]
                    }
                    events.append(event)
                }
                if rng.nextUniform() < 0.2 {
                    let i = rng.nextInt(below: example.tokens.count)
                    events.append(EventMention(type: types[rng.nextInt(below: types.count)], offset: [i], text: example.tokens[i], args: []))
                }
                return Linearizer.target(entities: [], relations: [], events: events)
            }
            let report = try scoreSEL(generated: generated, gold: gold, schemas: schemas, strategy: spec.strategy)
            #expect(report[.offset, .evtTrigger].tp > 0 && report[.offset, .evtRole].tp < report[.offset, .evtRole].gold)

            // The same test set scored one label at a time: events of one type, or arguments of one
            // (type, role), in gold and prediction alike.
            let parser = SELParser(schema: schemas.record), matcher = OffsetMatcher(schemas: schemas, strategy: spec.strategy)
            let predictions = zip(gold, generated).map { matcher.predict(parser.parse($1, text: $0.text).records, tokens: $0.tokens) }
            func counts(_ family: ScoreFamily, _ keep: (EventMention) -> EventMention?) -> ScoreCounts {
                func only(_ s: SentenceStructures) -> SentenceStructures { SentenceStructures(event: s.event.compactMap(keep)) }
                var scorer = Scorer()
                for (g, p) in zip(gold, predictions) {
                    scorer.add(gold: only(SentenceStructures(gold: g)), prediction: SentencePrediction(offset: only(p.offset), string: only(p.string)))
                }
                return scorer.report[.offset, family]
            }
            var perType: [String: ScoreCounts] = [:], perRole: [String: ScoreCounts] = [:]
            for type in types {
                perType[type] = counts(.evtTrigger) { $0.type == type ? $0 : nil }
                for role in roleNames {
                    perRole["\(type) / \(role)"] = counts(.evtRole) { event in
                        event.type != type ? nil : EventMention(type: type, offset: event.offset, text: event.text,
                                                                 args: event.args.filter { $0.type == role })
                    }
                }
            }
            #expect(perType.values.reduce(0) { $0 + $1.tp } == report[.offset, .evtTrigger].tp)
            #expect(perRole.values.reduce(0) { $0 + $1.gold } == report[.offset, .evtRole].gold)
            let mine = try eventScore(triggers: perType, roles: perRole)
            #expect(close(mine, report.headlineF1(kind: .event)), "\(spec.id): \(mine) vs \(report.headlineF1(kind: .event))")
        }
    }
}
