// Property tests of the parser (chapter 3) with a seeded generator: random strings and
// mutated SEL never crash, always satisfy the filters and finish quickly; deep nesting is handled
// without recursion; and parsing a linearized record list gives the records back.

import Foundation
import Testing
@testable import SEL

@Suite struct ParserPropertyTests {
    let parser = SELParser(recordLabels: ["person", "location", "organization"], associationLabels: ["work for", "live in"])
    let matcher = OffsetMatcher(entityTypes: ["person", "location", "organization"], eventTypes: [])
    let text = "John Smith of Apple lives in Paris near Apple Park ."
    var tokens: [String] { text.split(separator: " ").map(String.init) }

    /// The invariants every parse must satisfy, whatever the input.
    func check(_ generated: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = parser.parse(generated, text: text)
        for record in result.records {
            #expect(parser.recordLabels.contains(record.label), sourceLocation: sourceLocation)
            #expect(UnknownRepair.isSubstring(record.span, of: text) && record.span != SELToken.nullSpan, sourceLocation: sourceLocation)
            for asoc in record.associations {
                #expect(parser.associationLabels.contains(asoc.label), sourceLocation: sourceLocation)
                #expect(UnknownRepair.isSubstring(asoc.span, of: text), sourceLocation: sourceLocation)
            }
        }
        if result.status == .illFormed { #expect(result.records.isEmpty, sourceLocation: sourceLocation) }
        // The rest of the pipeline must survive whatever the parser lets through.
        var scorer = Scorer()
        scorer.add(gold: SentenceStructures(), prediction: matcher.predict(result.records, tokens: tokens), status: result.status)
    }

    static let pieces = [SELToken.open, SELToken.close, SELToken.colon, SELToken.nullSpan, SELToken.textSeparator, "<extra_id_",
                         "<extra_id_99>", ">", "<", "<unk>", " ", " ", "person", "work for", "live in", "John", "Smith", "Apple",
                         "Paris", "é", "\n", "\t", "0", "ohn Smi", "\u{301}", "🙂"]

    @Test func randomStringsNeverCrash() {
        var rng = SeededGenerator(seed: 7)
        let start = ContinuousClock.now
        for _ in 0..<3000 {
            let n = Int.random(in: 0...60, using: &rng)
            let s = (0..<n).map { _ in Self.pieces.randomElement(using: &rng) ?? "" }
                .joined(separator: Bool.random(using: &rng) ? " " : "")
            check(s)
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func mutatedSELNeverCrashes() {
        var rng = SeededGenerator(seed: 11)
        let valid = SELParser.splitWords(SELText.target([
            SELText.record("person", "John Smith", [("work for", "Apple"), ("live in", "Paris")]),
            SELText.record("organization", "Apple", []), SELText.record("location", "Paris", []),
        ]))
        let specials = [SELToken.open, SELToken.close, SELToken.colon, SELToken.nullSpan, "<extra_id_3>", "<unk>"]
        for _ in 0..<3000 {
            var words = valid
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                guard !words.isEmpty else { break }
                let i = Int.random(in: 0..<words.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: words.remove(at: i)                                           // drop
                case 1: words.insert(words[i], at: i)                                 // duplicate
                case 2: words.swapAt(i, Int.random(in: 0..<words.count, using: &rng)) // swap
                default: words.insert(specials.randomElement(using: &rng) ?? "", at: i) // random special token
                }
            }
            check(words.joined(separator: Bool.random(using: &rng) ? " " : ""))
        }
    }

    @Test func deepNestingIsIterativeAndFast() {
        let n = 10_000, o = SELToken.open, c = SELToken.close, k = SELToken.colon
        let opens: String = Array(repeating: o, count: n).joined(separator: " ")
        let closes: String = Array(repeating: c, count: n).joined(separator: " ")
        let unknowns: String = Array(repeating: "<unk>", count: 2_000).joined(separator: " ")
        let inputs: [String] = [
            opens,
            Array(repeating: o, count: n).joined(),
            "\(opens) person \(k) John \(closes)",
            Array(repeating: "\(o) person \(k) John", count: n).joined(separator: " "),
            Array(repeating: "\(o) \(c)", count: n).joined(separator: " "),
            Array(repeating: c, count: n).joined(),
            "\(o) \(o) person \(k) \(unknowns) \(c) \(c)",
        ]
        for input in inputs {
            let start = ContinuousClock.now
            check(input)
            #expect(ContinuousClock.now - start < .seconds(5))
        }
        let deep = parser.parse(inputs[2], text: text)
        #expect(deep.status == ParseStatus.wellFormed && deep.records.isEmpty)   // the record sits at depth 10,000, not 2
        #expect(parser.parse(inputs[0], text: text).status == .fixed)
    }

    /// parse(linearize(records)) == records, for random record lists over the sentence.
    @Test func parseInvertsLinearization() {
        var rng = SeededGenerator(seed: 3)
        let words = tokens
        func randomSpan() -> String {
            let i = Int.random(in: 0..<words.count, using: &rng), k = Int.random(in: 1...3, using: &rng)
            return words[i..<min(words.count, i + k)].joined(separator: " ")
        }
        for _ in 0..<500 {
            let records = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                ParsedRecord(label: ["person", "location", "organization"].randomElement(using: &rng) ?? "person", span: randomSpan(),
                             associations: (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                                 ParsedAssociation(label: ["work for", "live in"].randomElement(using: &rng) ?? "live in", span: randomSpan())
                             })
            }
            let spotAsoc = records.map { SpotAsoc(span: $0.span, label: $0.label, asoc: $0.associations.map { [$0.label, $0.span] }) }
            let sel = SELText.target(records.map { r in SELText.record(r.label, r.span, r.associations.map { ($0.label, $0.span) }) })
            #expect(sel == Linearizer.target(spotAsoc))   // the kit's linearizer writes the same string
            #expect(parser.parse(sel, text: text) == SELParse(records: records, status: .wellFormed))
        }
    }
}
