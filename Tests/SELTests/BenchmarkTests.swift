import Foundation
import Testing
import T5
import Tensors
@testable import SEL

@Suite struct BenchmarkTests {
    static let small = BenchmarkOptions(trainSize: 60, devSize: 20, testSize: 30, seed: 2023)

    @Test func thirteenTasksFourKindsAndTheNovelOnes() {
        #expect(Benchmark.tasks.count == 13)
        #expect(Dictionary(grouping: Benchmark.tasks, by: \.kind).mapValues(\.count) == [.entity: 3, .relation: 4, .event: 2, .absa: 4])
        for id in Benchmark.novelTaskIDs { #expect(Benchmark.task(id) != nil) }
        for n in 1...5 { #expect(Benchmark.order(n).sorted() == Benchmark.tasks.map(\.id).sorted(), "order \(n) is a permutation") }
        #expect(Benchmark.order(4) != Benchmark.order(5))
        // The pretraining world shares only general entity types with the benchmark (ABSA's labels
        // are fixed by the task): no relation or event type, under any of its names.
        let benchmarkLabels = Set(Benchmark.tasks.filter { $0.kind != .absa }.flatMap { $0.schemas.record.types + $0.relationLabels })
        let worldLabels = Set(PoolWorld.categories.flatMap(\.names) + PoolWorld.relations.flatMap(\.names) + PoolWorld.events.flatMap(\.names))
        // (company is a world entity type and, under the same word, NYT's relation label.)
        #expect(benchmarkLabels.intersection(worldLabels) == ["person", "organization", "location", "company"])
        // Nor does a world relation, event or role name begin with the first word of a benchmark
        // relation, event or role label, except the generic roles place and price: the decoder would
        // finish such a label the world's way.
        func firstWords(_ labels: [String]) -> Set<String> { Set(labels.compactMap { $0.split(separator: " ").first.map(String.init) }) }
        let benchmarkAssociations = firstWords(Benchmark.tasks.filter { $0.kind != .absa }.flatMap { $0.relationLabels + $0.eventRoles + $0.frames.map(\.type) })
        let worldAssociations = firstWords(PoolWorld.relations.flatMap(\.names) + PoolWorld.events.flatMap { $0.names + $0.roles.keys })
        #expect(benchmarkAssociations.intersection(worldAssociations) == ["place", "price"])
    }

    @Test func generationIsDeterministicAndSplitsAreDisjoint() {
        for spec in Benchmark.tasks {
            let a = Benchmark.generate(spec, options: Self.small), b = Benchmark.generate(spec, options: Self.small)
            #expect(a.train == b.train && a.test == b.test, "\(spec.id) is deterministic")
            let train = Set(a.train.map(\.text)), test = Set(a.test.map(\.text)), dev = Set(a.dev.map(\.text))
            #expect(train.isDisjoint(with: test) && train.isDisjoint(with: dev) && dev.isDisjoint(with: test), "\(spec.id) splits")
            #expect(a.train.count == 60 && a.dev.count == 20 && a.test.count == 30)
        }
        // A larger train split leaves the test split unchanged.
        let bigger = Benchmark.generate(Benchmark.tasks[0], options: BenchmarkOptions(trainSize: 120, devSize: 20, testSize: 30))
        #expect(bigger.test == Benchmark.generate(Benchmark.tasks[0], options: Self.small).test)
    }

    @Test func goldIsConsistentWithTokensAndTarget() {
        for spec in Benchmark.tasks + Benchmark.pool {
            for e in Benchmark.generate(spec, options: Self.small).train {
                #expect(e.text == e.tokens.joined(separator: " "))
                let spans = e.entity + e.relation.flatMap(\.args) + e.event.flatMap { [TypedSpan(type: $0.type, offset: $0.offset, text: $0.text)] + $0.args }
                for s in spans {
                    #expect(s.offset.allSatisfy { $0 < e.tokens.count } && s.offset.map { e.tokens[$0] }.joined(separator: " ") == s.text,
                            "\(spec.id): span \(s.text) matches its offsets")
                }
                #expect(e.record == Linearizer.target(e.spotAsoc))
                if spec.kind == .event { #expect(e.entity.isEmpty && e.relation.isEmpty) }
            }
        }
    }

    @Test func sentencesVaryAndCarrySeveralMentions() {
        for spec in Benchmark.tasks {
            let data = Benchmark.generate(spec, options: Self.small)
            let perSentence = Double(data.train.reduce(0) { $0 + $1.spotAsoc.count }) / Double(data.train.count)
            #expect(perSentence > 1.4, "\(spec.id): \(perSentence) records per sentence")
            let multi = data.train.filter { $0.spotAsoc.count >= 2 }.count
            #expect(multi * 3 > data.train.count, "\(spec.id): at least a third of sentences hold 2+ records")
        }
    }

    @Test func vocabularyCoversEveryGeneratedWord() {
        let vocabulary = Benchmark.vocabulary()
        #expect(Benchmark.unknownWords(in: vocabulary).isEmpty)
        for token in [SELToken.open, SELToken.close, SELToken.colon, SELToken.textSeparator, SELToken.spot, SELToken.asoc, SELToken.nullSpan] {
            #expect(vocabulary.contains(token), "\(token) is one atomic id")
            #expect(Vocabulary.words(token) == [token])
        }
    }

    @Test func goldTargetsParseBackAndScorePerfectly() throws {
        for spec in Benchmark.tasks {
            let data = Benchmark.generate(spec, options: Self.small)
            let report = try scoreSEL(generated: data.test.map(\.record), gold: data.test, schemas: spec.schemas, strategy: spec.strategy)
            // String metrics are exact for gold; offsets can lose repeated mentions (UIE's quirks).
            let key = spec.kind == .entity ? "string-ent-F1" : spec.kind == .event ? "string-evt-role-F1" : "string-rel-strict-F1"
            #expect(report.metrics()[key] == 100, "\(spec.id) gold-as-prediction \(key)")
        }
    }

    @Test func writtenFilesReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = Benchmark.task("conll04")!
        let data = Benchmark.generate(spec, options: Self.small)
        try Benchmark.write(data, to: folder)
        #expect(try TaskSchemas.load(directory: folder) == spec.schemas)
        let text = try String(contentsOf: folder.appendingPathComponent("test.json"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { try! JSONDecoder().decode(UIEExample.self, from: Data($0.utf8)) }
        #expect(lines == data.test)
    }
}
