// The scorer (chapter 3): tuple families, the three matching modes, micro sums, zero
// divisions, the 60 metric names and the headline F1 of each task kind.

import Testing
@testable import SEL

@Suite struct ScorerTests {
    let john = TypedSpan(type: "person", offset: [0], text: "John")
    let apple = TypedSpan(type: "organization", offset: [3], text: "Apple")

    @Test func normalModeConsumesGoldAndCountsDuplicates() {
        // A duplicated prediction counts twice in pred but scores once per remaining gold tuple.
        #expect(Scorer.count(gold: ["a", "b"], pred: ["a", "a", "c"], mode: .normal) == ScoreCounts(tp: 1, gold: 2, pred: 3))
        #expect(Scorer.count(gold: ["a", "a"], pred: ["a", "a", "a"], mode: .normal) == ScoreCounts(tp: 2, gold: 2, pred: 3))
    }

    @Test func setModeDeduplicatesBothSides() {
        #expect(Scorer.count(gold: ["a", "a", "b"], pred: ["a", "a", "c"], mode: .set) == ScoreCounts(tp: 1, gold: 2, pred: 2))
    }

    @Test func multimatchLetsEveryDuplicateScore() {
        #expect(Scorer.count(gold: ["a", "b"], pred: ["a", "a", "c"], mode: .multimatch) == ScoreCounts(tp: 2, gold: 2, pred: 3))
    }

    @Test("multimatch never reports recall above 100%: true positives are capped at the sentence's gold count")
    func multimatchRecallAtMostHundred() {
        let twice = Scorer.count(gold: ["a"], pred: ["a", "a"], mode: .multimatch)
        #expect(twice == ScoreCounts(tp: 1, gold: 1, pred: 2) && twice.recall == 100)
        let many = Scorer.count(gold: ["a", "b"], pred: Array(repeating: "a", count: 5), mode: .multimatch)
        #expect(many.recall <= 100 && many.precision <= 100)
        #expect(Scorer.count(gold: [String](), pred: ["a"], mode: .multimatch) == ScoreCounts(tp: 0, gold: 0, pred: 1))
    }

    @Test func modesThroughTheWholeScorer() {
        let gold = SentenceStructures(entity: [john])
        let pred = SentenceStructures(entity: [john, john])
        let scores = MatchMode.allCases.map { mode -> ScoreCounts in
            var scorer = Scorer(mode: mode)
            scorer.add(gold: gold, prediction: SentencePrediction(offset: pred, string: pred))
            return scorer.report[.offset, .ent]
        }
        #expect(scores == [ScoreCounts(tp: 1, gold: 1, pred: 2), ScoreCounts(tp: 1, gold: 1, pred: 1), ScoreCounts(tp: 1, gold: 1, pred: 2)])
    }

    @Test func divisionByZeroGivesZero() {
        #expect(ScoreCounts().precision == 0 && ScoreCounts().recall == 0 && ScoreCounts().f1 == 0)
        #expect(ScoreCounts(tp: 0, gold: 3, pred: 2).f1 == 0)
        let c = ScoreCounts(tp: 3, gold: 4, pred: 6)
        #expect(c.precision == 50 && c.recall == 75 && abs(c.f1 - 60) < 1e-12)
    }

    @Test func microSumsOverSentences() {
        var scorer = Scorer()
        scorer.add(gold: SentenceStructures(entity: [john]), prediction: SentencePrediction(offset: SentenceStructures(entity: [john]), string: SentenceStructures()))
        // Sentence 2: "John" at [0] again; matching is per sentence, so it is a tp here too.
        scorer.add(gold: SentenceStructures(entity: [john, apple]), prediction: SentencePrediction(offset: SentenceStructures(entity: [john]), string: SentenceStructures()))
        #expect(scorer.report[.offset, .ent] == ScoreCounts(tp: 2, gold: 3, pred: 2))
        #expect(scorer.report[.string, .ent] == ScoreCounts(tp: 0, gold: 3, pred: 0))
    }

    @Test func familiesCompareTheRightFields() {
        let rel = RelationMention(type: "work for", head: john, tail: apple)
        var wrongTypes = rel
        wrongTypes.args[1].type = "person"
        let gold = SentenceStructures(relation: [rel])
        var scorer = Scorer()
        scorer.add(gold: gold, prediction: SentencePrediction(offset: SentenceStructures(relation: [wrongTypes]), string: SentenceStructures(relation: [wrongTypes])))
        #expect(scorer.report[.offset, .relStrict].tp == 0)
        #expect(scorer.report[.offset, .relBoundary].tp == 1)   // argument types ignored
        // Offsets vs strings: a wrong offset with the right text scores only at string level.
        var moved = rel
        moved.args[1].offset = [5]
        var s2 = Scorer()
        s2.add(gold: gold, prediction: SentencePrediction(offset: SentenceStructures(relation: [moved]), string: SentenceStructures(relation: [moved])))
        #expect(s2.report[.offset, .relStrict].tp == 0 && s2.report[.string, .relStrict].tp == 1)
    }

    @Test func eventRolesAreNotTiedToTheirTriggerInstance() {
        let arg = TypedSpan(type: "place", offset: [5], text: "Kabul")
        let gold = SentenceStructures(event: [EventMention(type: "attack", offset: [1], text: "attacked", args: [arg]),
                                              EventMention(type: "attack", offset: [7], text: "bombed", args: [])])
        // The argument hangs on the second trigger in the prediction; it still matches.
        let pred = SentenceStructures(event: [EventMention(type: "attack", offset: [7], text: "bombed", args: [arg])])
        var scorer = Scorer()
        scorer.add(gold: gold, prediction: SentencePrediction(offset: pred, string: pred))
        #expect(scorer.report[.offset, .evtRole] == ScoreCounts(tp: 1, gold: 1, pred: 1))
        #expect(scorer.report[.offset, .evtTrigger] == ScoreCounts(tp: 1, gold: 2, pred: 1))
    }

    @Test func sixtyMetricNames() {
        var report = ScoreReport()
        report[.offset, .ent] = ScoreCounts(tp: 3, gold: 4, pred: 6)
        let metrics = report.metrics()
        #expect(metrics.count == 60 && ScoreReport.metricNames.count == 60 && Set(ScoreReport.metricNames) == Set(metrics.keys))
        #expect(ScoreReport.metricNames.first == "offset-ent-tp" && ScoreReport.metricNames.last == "string-evt-role-F1")
        #expect(metrics["offset-ent-tp"] == 3 && metrics["offset-ent-P"] == 50 && metrics["offset-ent-R"] == 75)
        #expect(metrics["string-rel-boundary-F1"] == 0)
        #expect(report.tableText().contains("offset-rel-strict"))
    }

    @Test func headlineF1PerTaskKind() {
        var report = ScoreReport()
        report[.offset, .ent] = ScoreCounts(tp: 1, gold: 1, pred: 1)              // 100
        report[.offset, .relStrict] = ScoreCounts(tp: 1, gold: 2, pred: 2)        // 50
        report[.offset, .evtTrigger] = ScoreCounts(tp: 4, gold: 5, pred: 5)       // 80
        report[.offset, .evtRole] = ScoreCounts(tp: 1, gold: 4, pred: 4)          // 25
        report[.string, .ent] = ScoreCounts(tp: 0, gold: 1, pred: 1)              // string metrics are diagnostics only
        #expect(report.headlineF1(kind: .entity) == 100)
        #expect(report.headlineF1(kind: .relation) == 50 && report.headlineF1(kind: .absa) == 50)
        #expect(abs(report.headlineF1(kind: .event) - 52.5) < 1e-12)               // mean of trigger and role F1
    }

    @Test func pipelineRejectsMismatchedCounts() {
        #expect(throws: SELDataError.lineCountMismatch(path: "predictions", expected: 1, found: 0)) {
            try scoreSEL(generated: [], gold: [UIEExample(text: "a", tokens: ["a"], record: "")], schemas: schemas(records: ["person"]))
        }
    }
}
