import Foundation
import Testing
import T5
import Tensors
@testable import SEL

@Suite struct ConstrainedDecodingTests {
    static let vocabulary = Benchmark.vocabulary()

    @Test func grammarAllowsOnlyWhatSELPermits() {
        let v = Self.vocabulary
        let grammar = SELGrammar(vocabulary: v, recordLabels: ["people", "location"], associationLabels: ["live in"])
        let (mary, boston, tom) = (Benchmark.names[0], Benchmark.names[1], Benchmark.names[2])   // words the vocabulary has
        let text = v.encode("\(mary) lives in \(boston) and \(tom) lives in \(boston)", addEOS: false)
        func ids(_ s: String) -> [Int] { v.encode(s, addEOS: false) }
        let (o, c, colon) = (v.id(SELToken.open), v.id(SELToken.close), v.id(SELToken.colon))
        #expect(grammar.allowed(prefix: [], text: text) == [o])
        #expect(Set(grammar.allowed(prefix: [o], text: text)) == [o, c])
        #expect(Set(grammar.allowed(prefix: [o, o], text: text)) == Set(ids("people location")))
        #expect(grammar.allowed(prefix: [o, o] + ids("people"), text: text) == [colon])
        // A span starts with any sentence token (or the null span) and continues a copy.
        let spanStart = Set(grammar.allowed(prefix: [o, o] + ids("people") + [colon], text: text))
        #expect(spanStart == Set(text + [v.id(SELToken.nullSpan)]))
        let afterLives = Set(grammar.allowed(prefix: [o, o] + ids("people") + [colon] + ids("lives"), text: text))
        #expect(afterLives == Set(ids("in") + [o, c]))
        // In an association: its label trie, then a span; after it closes, only brackets.
        let inAsoc = [o, o] + ids("people") + [colon] + ids(mary) + [o]
        #expect(Set(grammar.allowed(prefix: inAsoc, text: text)) == Set(ids("live")))
        #expect(Set(grammar.allowed(prefix: inAsoc + ids("live in") + [colon] + ids(boston), text: text)) == Set(ids("and") + [c]))
        #expect(Set(grammar.allowed(prefix: inAsoc + ids("live in") + [colon] + ids(boston) + [c], text: text)) == [o, c])
        #expect(grammar.allowed(prefix: [o, c], text: text) == [Vocabulary.eos])
    }

    @Test func anUntrainedModelStillEmitsValidSELUnderTheConstraint() throws {
        let v = Self.vocabulary
        let model = T5Model(config: .testSize(vocabularySize: v.count), seed: 5)   // tiny, random: small for test speed
        let spec = Benchmark.task("conll04")!
        let data = Benchmark.generate(spec, options: BenchmarkOptions(trainSize: 0, devSize: 0, testSize: 12))
        let evaluator = ExtractionEvaluator(model: model, vocabulary: v, targetLimit: 48)
        let generated = evaluator.generate(data.test, schemas: spec.schemas, constrained: true)
        let parser = SELParser(schema: spec.schemas.record)
        for (g, e) in zip(generated, data.test) {
            let parse = parser.parse(g, text: e.text)
            #expect(parse.status != .illFormed, "\(g)")
            let words = Vocabulary.words(g)
            #expect(words.first == SELToken.open)
            // Every label the parser keeps is from the schema and every span is in the text, by construction.
            for r in parse.records { #expect(spec.schemas.record.types.contains(r.label) && e.text.contains(r.span)) }
        }
    }
}
