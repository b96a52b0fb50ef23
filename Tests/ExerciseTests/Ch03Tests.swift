// Chapter 3 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The kit's SEL library is the oracle (Linearizer, SELParser, OffsetMatcher, ScoreCounts), on
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

    @Test("3.1 linearize a relation record")
    func ex3_1_linearizeRelations() throws {
        // The running example, by hand: associations ordered by their tails' offsets.
        let example = ChapterExamples.relation()
        let mine = try linearizeRelations(entities: example.entity, relations: example.relation)
        #expect(SELToken.readable(mine)
                == "((people: Mary Lee (work for: Orbis Labs) (live in: Dunmore)) (organization: Orbis Labs) (location: Dunmore))")
        #expect(mine == example.record)
        // Input order does not matter.
        #expect(try linearizeRelations(entities: example.entity.reversed(), relations: example.relation.reversed()) == example.record)
        // The empty structure has two spaces.
        #expect(try linearizeRelations(entities: [], relations: []) == "\(Self.o)  \(Self.c)")

        // Order rules on one made-up sentence: a proper prefix first ([0] before [0, 1]), label on
        // equal offsets, association ties by label, duplicates and empty spans dropped, and a
        // relation whose head is not an entity skipped.
        let t = "Kim Ode Labs hired Lee in Oslo .".split(separator: " ").map(String.init)
        let kim = Self.span("people", [0], t), kimOde = Self.span("organization", [0, 1, 2], t)
        let lee = Self.span("people", [4], t), oslo = Self.span("location", [6], t)
        let entities = [oslo, kimOde, lee, kim, Self.span("other", [4], t), lee, TypedSpan(type: "other", offset: [5], text: "")]
        let relations = [RelationMention(type: "work for", head: lee, tail: kimOde),
                         RelationMention(type: "live in", head: lee, tail: oslo),
                         RelationMention(type: "kill", head: lee, tail: oslo),
                         RelationMention(type: "live in", head: Self.span("location", [3], t), tail: oslo)]
        let expected = Linearizer.target(entities: entities, relations: relations, events: [])
        #expect(SELToken.readable(expected)
                == "((people: Kim) (organization: Kim Ode Labs) (other: Lee) (people: Lee (work for: Kim Ode Labs) (kill: Oslo) (live in: Oslo)) (location: Oslo))")
        #expect(try linearizeRelations(entities: entities, relations: relations) == expected)

        // Every entity, relation and ABSA task of the benchmark: the generator's own targets.
        var mismatches: [String] = []
        for spec in Benchmark.tasks where spec.kind != .event {
            var rng = SeededGenerator(seed: 31)
            let generator = BenchmarkGenerator(spec: spec, names: Benchmark.names)
            for _ in 0..<25 {
                let e = generator.example(&rng)
                let mine = try linearizeRelations(entities: e.entity, relations: e.relation)
                if mine != e.record { mismatches.append("\(spec.id): \(e.text)\n  \(SELToken.readable(mine))\n  \(SELToken.readable(e.record))") }
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

    @Test("3.4 micro-F1 from counts")
    func ex3_4_microF1() throws {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }
        // By hand: the relation conformance set, tp 3, gold 5, pred 6.
        let rel = try microF1([(2, 2, 2), (1, 3, 4)])
        #expect(close(rel.precision, 50) && close(rel.recall, 60) && close(rel.f1, 600 / 11))
        // Micro, not macro: one perfect sentence and one with nothing right give P = R = 25, not 50.
        let micro = try microF1([(1, 1, 1), (0, 3, 3)])
        #expect(close(micro.precision, 25) && close(micro.recall, 25) && close(micro.f1, 25))
        // Division by zero gives 0, never NaN.
        for counts in [[], [(0, 0, 0)], [(0, 5, 0)], [(0, 0, 4)], [(0, 3, 3)]] as [[(tp: Int, gold: Int, pred: Int)]] {
            let r = try microF1(counts)
            #expect(r.precision == 0 && r.recall == 0 && r.f1 == 0, "\(counts)")
        }
        // Against ScoreCounts on seeded random test sets.
        var rng = SeededGenerator(seed: 34)
        for _ in 0..<200 {
            let counts: [(tp: Int, gold: Int, pred: Int)] = (0..<rng.nextInt(below: 6)).map { _ in
                let tp = rng.nextInt(below: 4)
                return (tp, tp + rng.nextInt(below: 3), tp + rng.nextInt(below: 3))
            }
            let total = counts.reduce(ScoreCounts()) { ScoreCounts(tp: $0.tp + $1.tp, gold: $0.gold + $1.gold, pred: $0.pred + $1.pred) }
            let r = try microF1(counts)
            #expect(close(r.precision, total.precision) && close(r.recall, total.recall) && close(r.f1, total.f1), "\(counts)")
        }
        // And against the whole scorer on the chapter's two-sentence test set.
        let (gold, generated) = ChapterExamples.scored()
        let report = try scoreSEL(generated: generated, gold: gold, schemas: ChapterExamples.schemas)
        let parser = SELParser(schema: ChapterExamples.schemas.record)
        let matcher = OffsetMatcher(schemas: ChapterExamples.schemas)
        var perSentence: [(tp: Int, gold: Int, pred: Int)] = []
        for (g, p) in zip(gold, generated) {
            var one = Scorer()
            one.add(gold: SentenceStructures(gold: g), prediction: matcher.predict(parser.parse(p, text: g.text).records, tokens: g.tokens))
            let counts = one.report[.offset, .relStrict]
            perSentence.append((counts.tp, counts.gold, counts.pred))
        }
        #expect(close(try microF1(perSentence).f1, report[.offset, .relStrict].f1))
    }
}
