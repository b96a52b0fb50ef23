// The four conformance sets through the whole evaluation pipeline (parse →
// offsets → score), with the note's expected numbers (UIE's own pipeline, closest strategy).
// F1 values in the note are rounded to 2 decimals, hence the 0.005 tolerance.

import Foundation
import Testing
@testable import SEL

func expectCounts(_ report: ScoreReport, _ level: ScoreLevel, _ family: ScoreFamily, tp: Int, gold: Int, pred: Int, f1: Double,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let c = report[level, family]
    #expect(c.tp == tp && c.gold == gold && c.pred == pred, "\(level)-\(family.rawValue): \(c)", sourceLocation: sourceLocation)
    #expect(abs(c.f1 - f1) < 0.005, "\(level)-\(family.rawValue)-F1 = \(c.f1), expected \(f1)", sourceLocation: sourceLocation)
}

func score(_ set: ConformanceSet, _ generated: [String]? = nil, strategy: OffsetStrategy = .closest) throws -> ScoreReport {
    try scoreSEL(generated: generated ?? set.predictions, gold: set.gold, schemas: set.schemas, strategy: strategy)
}

@Suite struct ConformanceTests {
    @Test func entitySet() throws {
        let report = try score(Conformance.entity)
        expectCounts(report, .offset, .ent, tp: 6, gold: 8, pred: 8, f1: 75.0)
        expectCounts(report, .string, .ent, tp: 7, gold: 8, pred: 8, f1: 87.5)
        #expect(report.parser == ParserCounters(wellFormed: 2, fixed: 1, illFormed: 0))
        // The location `Paris` of sentence 3 is mapped to token [0] (inside "Paris Hilton").
        let set = Conformance.entity
        let parsed = SELParser(schema: set.schemas.record).parse(set.predictions[2], text: set.gold[2].text)
        let placed = OffsetMatcher(schemas: set.schemas).predict(parsed.records, tokens: set.gold[2].tokens)
        #expect(placed.offset.entity.last == TypedSpan(type: "location", offset: [0], text: "Paris"))
    }

    @Test func relationSet() throws {
        let report = try score(Conformance.relation)
        expectCounts(report, .offset, .ent, tp: 10, gold: 10, pred: 10, f1: 100.0)
        expectCounts(report, .string, .ent, tp: 10, gold: 10, pred: 11, f1: 95.24)
        for family in [ScoreFamily.relStrict, .relBoundary] {
            expectCounts(report, .offset, family, tp: 3, gold: 5, pred: 6, f1: 54.55)
            expectCounts(report, .string, family, tp: 4, gold: 5, pred: 6, f1: 72.73)
        }
    }

    @Test func eventSet() throws {
        let report = try score(Conformance.event)
        for level in ScoreLevel.allCases {   // offset and string results are equal
            expectCounts(report, level, .evtTrigger, tp: 4, gold: 5, pred: 5, f1: 80.0)
            expectCounts(report, level, .evtRole, tp: 7, gold: 11, pred: 8, f1: 73.68)
            #expect(abs(report[level, .evtRole].precision - 87.5) < 0.005)
            #expect(abs(report[level, .evtRole].recall - 63.64) < 0.005)
        }
    }

    @Test func absaSet() throws {
        let report = try score(Conformance.absa)
        for level in ScoreLevel.allCases {
            expectCounts(report, level, .ent, tp: 10, gold: 11, pred: 10, f1: 95.24)
            expectCounts(report, level, .relStrict, tp: 4, gold: 6, pred: 5, f1: 72.73)
        }
    }

    /// Gold `record` fed back as the prediction: string F1 is 100 everywhere; offset F1 is 87.5
    /// (entity: Paris), 80.0 (relation: Tom's Boston), 100 (event, ABSA), for both strategies.
    @Test(arguments: OffsetStrategy.allCases) func goldAsPrediction(strategy: OffsetStrategy) throws {
        let cases: [(ConformanceSet, [ScoreFamily], [ScoreFamily: Double])] = [
            (Conformance.entity, [.ent], [.ent: 87.5]),
            (Conformance.relation, [.ent, .relStrict, .relBoundary], [.ent: 100, .relStrict: 80, .relBoundary: 80]),
            (Conformance.event, [.evtTrigger, .evtRole], [.evtTrigger: 100, .evtRole: 100]),
            (Conformance.absa, [.ent, .relStrict, .relBoundary], [.ent: 100, .relStrict: 100, .relBoundary: 100]),
        ]
        for (set, families, offsetF1) in cases {
            let report = try score(set, set.gold.map(\.record), strategy: strategy)
            for family in families {
                #expect(abs(report[.string, family].f1 - 100) < 1e-9, "string-\(family.rawValue)")
                #expect(abs(report[.offset, family].f1 - (offsetF1[family] ?? -1)) < 0.005, "offset-\(family.rawValue) \(report[.offset, family])")
            }
            #expect(report.parser == ParserCounters(wellFormed: 3))
        }
    }

    /// The hand-built gold targets follow the same §2 order as the kit's linearizer.
    @Test func goldTargetsMatchTheLinearizer() {
        for set in [Conformance.entity, Conformance.relation, Conformance.event, Conformance.absa] {
            for example in set.gold {
                #expect(Linearizer.target(entities: example.entity, relations: example.relation, events: example.event) == example.record)
            }
        }
    }

    /// The CLI-free pipeline through files: write gold, predictions and schemas, read them back
    /// with DatasetIO and score; the JSON has exactly UIE's 60 keys.
    @Test func filePipeline() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sel-pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = Conformance.relation
        try set.schemas.write(directory: folder)
        try DatasetIO.writeExamples(set.gold, to: folder.appendingPathComponent("test.json"))
        try DatasetIO.writePredictions(set.predictions, to: folder.appendingPathComponent("preds.txt"))

        let gold = try DatasetIO.readExamples(folder.appendingPathComponent("test.json"))
        let preds = try DatasetIO.readPredictions(folder.appendingPathComponent("preds.txt"), expectedCount: gold.count)
        let report = try scoreSEL(generated: preds, gold: gold, schemas: try TaskSchemas.load(directory: folder))
        #expect(report == (try score(set)))
        expectCounts(report, .offset, .relStrict, tp: 3, gold: 5, pred: 6, f1: 54.55)

        let json = try JSONDecoder().decode([String: Double].self, from: Data(report.jsonText().utf8))
        #expect(json.count == 60)
        #expect(Set(json.keys) == Set(ScoreReport.metricNames))
        #expect(json["offset-rel-strict-tp"] == 3)
        #expect(abs((json["string-ent-F1"] ?? 0) - 95.2381) < 1e-9)
        #expect(abs(report.headlineF1(kind: .relation) - 54.5454) < 0.001)
    }
}
