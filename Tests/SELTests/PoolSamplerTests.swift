import Testing
import T5
import Tensors
@testable import SEL

/// The backbone's pretraining tasks: every label of a target is in its prompt, renamed labels
/// come from the label's synonyms, random names are never the world's own label words, and the
/// same seed gives the same examples.
@Suite struct PoolSamplerTests {
    static let sampler = PoolSampler(vocabulary: Benchmark.vocabulary())

    @Test func everyTargetLabelIsInThePrompt() throws {
        var rng = Tensors.SeededGenerator(seed: 3)
        var kinds: [String: Int] = [:], withNegatives = 0
        for _ in 0..<600 {
            let e = Self.sampler.example(&rng)
            let spots = Set(e.prompt.recordLabels), asocs = Set(e.prompt.associationLabels)
            for record in e.example.spotAsoc {
                #expect(spots.contains(record.label), "\(record.label) of \(e.example.record) is in \(spots)")
                for pair in record.asoc { #expect(asocs.contains(pair[0]), "\(pair[0]) is in \(asocs)") }
            }
            #expect(e.example.record == Linearizer.target(e.example.spotAsoc))
            let gold = Set(e.example.spotAsoc.map { $0.label })
            if spots.count > gold.count { withNegatives += 1 }
            kinds[e.example.event.isEmpty ? (e.example.relation.isEmpty ? "entity" : "relation") : "event", default: 0] += 1
        }
        #expect(kinds.count == 3 && kinds.values.allSatisfy { $0 > 60 }, "\(kinds)")
        #expect(withNegatives > 300, "prompts hold absent labels: \(withNegatives) of 600")
    }

    @Test func randomNamesAreNotTheWorldsLabelWords() {
        let labelWords = Set(PoolWorld.labelNames.flatMap { $0.split(separator: " ").map(String.init) })
        #expect(!Self.sampler.randomWords.isEmpty)
        #expect(Self.sampler.randomWords.allSatisfy { !labelWords.contains($0) && $0.first!.isLowercase })
    }

    @Test func theSameSeedGivesTheSameExamples() {
        var a = Tensors.SeededGenerator(seed: 9), b = Tensors.SeededGenerator(seed: 9)
        for _ in 0..<50 {
            let x = Self.sampler.example(&a), y = Self.sampler.example(&b)
            #expect(x.example == y.example && x.prompt == y.prompt)
        }
    }

    @Test func theWorldsWordsAreInTheVocabulary() {
        let vocabulary = Benchmark.vocabulary()
        var rng = Tensors.SeededGenerator(seed: 4)
        for _ in 0..<400 {
            let e = Self.sampler.example(&rng)
            let words = e.example.tokens + Vocabulary.words(e.example.record) + Vocabulary.words(e.prompt.evaluationPrefix())
            for w in words { #expect(vocabulary.contains(w), "\(w) is in the vocabulary") }
        }
    }
}
