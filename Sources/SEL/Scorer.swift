// UIE's scorer (chapter 3): micro precision, recall and F1 over five tuple
// families, each compared at token-offset level and at string level, 2 × 5 × 6 = 60 numbers.
// Matching is sentence by sentence; tp, gold and pred are summed over the test set.

/// How predicted tuples are matched against the gold tuples of a sentence (§8).
public enum MatchMode: String, Codable, CaseIterable, Sendable {
    /// Each gold tuple matches at most once; duplicates count in gold and pred (UIE's default).
    case normal
    /// Both lists become sets first, for the matching and for the counts (UIE uses it for NYT).
    case set
    /// Matched gold tuples are never removed, so a duplicate prediction can score; but a sentence
    /// never counts more true positives than it has gold tuples, so recall stays at most 100%.
    case multimatch
}

/// Offsets compare token index lists; strings compare span texts.
public enum ScoreLevel: String, CaseIterable, Sendable { case offset, string }

public enum ScoreFamily: String, CaseIterable, Sendable {
    case ent                               // (type, span)
    case relStrict = "rel-strict"          // (relation, type₁, span₁, type₂, span₂)
    case relBoundary = "rel-boundary"      // (relation, span₁, span₂): argument types ignored
    case evtTrigger = "evt-trigger"        // (event type, trigger span): Trig-C
    case evtRole = "evt-role"              // (event type, role, span): not tied to its trigger instance
}

// snippet.micro-f1
/// tp / gold / pred of one family, with P, R, F1 in percent (any division by zero gives 0).
public struct ScoreCounts: Equatable, Sendable {
    public var tp = 0, gold = 0, pred = 0
    public init(tp: Int = 0, gold: Int = 0, pred: Int = 0) { (self.tp, self.gold, self.pred) = (tp, gold, pred) }
    public var precision: Double { pred == 0 ? 0 : 100 * Double(tp) / Double(pred) }
    public var recall: Double { gold == 0 ? 0 : 100 * Double(tp) / Double(gold) }
    public var f1: Double {
        let (p, r) = (precision, recall)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    // snippet.end
    static func + (a: ScoreCounts, b: ScoreCounts) -> ScoreCounts {
        ScoreCounts(tp: a.tp + b.tp, gold: a.gold + b.gold, pred: a.pred + b.pred)
    }
}

/// The summed counts of a test set and the parser counters.
public struct ScoreReport: Equatable, Sendable {
    public var counts: [ScoreLevel: [ScoreFamily: ScoreCounts]] = [:]
    public var parser = ParserCounters()
    public init() {}

    public subscript(level: ScoreLevel, family: ScoreFamily) -> ScoreCounts {
        get { counts[level]?[family] ?? ScoreCounts() }
        set { counts[level, default: [:]][family] = newValue }
    }

    /// UIE's metric names in a fixed order: offset before string, families as in §8, then
    /// tp, gold, pred, P, R, F1. E.g. `offset-ent-tp` … `string-evt-role-F1`.
    public static let metricNames: [String] = ScoreLevel.allCases.flatMap { level in
        ScoreFamily.allCases.flatMap { family in
            ["tp", "gold", "pred", "P", "R", "F1"].map { "\(level.rawValue)-\(family.rawValue)-\($0)" }
        }
    }

    /// All 60 metrics by UIE's names. Counts are whole numbers; P, R, F1 are in percent.
    public func metrics() -> [String: Double] {
        var out: [String: Double] = [:]
        for level in ScoreLevel.allCases {
            for family in ScoreFamily.allCases {
                let c = self[level, family], prefix = "\(level.rawValue)-\(family.rawValue)-"
                out[prefix + "tp"] = Double(c.tp)
                out[prefix + "gold"] = Double(c.gold)
                out[prefix + "pred"] = Double(c.pred)
                out[prefix + "P"] = c.precision
                out[prefix + "R"] = c.recall
                out[prefix + "F1"] = c.f1
            }
        }
        return out
    }

    /// The one number a task is judged by (§8 "headline metrics"): offset-ent-F1 for NER,
    /// offset-rel-strict-F1 for relations and ABSA triplets. UIE reports events by two numbers,
    /// trigger F1 and role F1; where one number is needed (e.g. averaging over a task sequence)
    /// the kit takes their mean — a kit choice, stated here and in the chapter.
    public func headlineF1(kind: TaskKind) -> Double {
        switch kind {
        case .entity: return self[.offset, .ent].f1
        case .relation, .absa: return self[.offset, .relStrict].f1
        case .event: return (self[.offset, .evtTrigger].f1 + self[.offset, .evtRole].f1) / 2
        }
    }
}

/// Accumulates a test set sentence by sentence.
public struct Scorer: Sendable {
    public let mode: MatchMode
    public private(set) var report = ScoreReport()
    public init(mode: MatchMode = .normal) { self.mode = mode }

    /// Adds one sentence: its gold structures and both forms of its prediction.
    public mutating func add(gold: SentenceStructures, prediction: SentencePrediction, status: ParseStatus? = nil) {
        for family in ScoreFamily.allCases {
            report[.offset, family] = report[.offset, family]
                + Scorer.count(gold: Scorer.tuples(gold, family, .offset),
                               pred: Scorer.tuples(prediction.offset, family, .offset), mode: mode)
            report[.string, family] = report[.string, family]
                + Scorer.count(gold: Scorer.tuples(gold, family, .string),
                               pred: Scorer.tuples(prediction.string, family, .string), mode: mode)
        }
        if let status { report.parser.add(status) }
    }

    /// One field of a tuple: a name (type, role or span text) or a token offset list.
    enum Field: Hashable { case name(String), offsets([Int]) }

    static func tuples(_ s: SentenceStructures, _ family: ScoreFamily, _ level: ScoreLevel) -> [[Field]] {
        func span(_ offset: [Int], _ text: String) -> Field { level == .offset ? .offsets(offset) : .name(text) }
        func span(_ x: TypedSpan) -> Field { span(x.offset, x.text) }
        let relations = s.relation.filter { $0.args.count >= 2 }   // fewer than two arguments: skipped
        switch family {
        case .ent:
            return s.entity.map { [.name($0.type), span($0)] }
        case .relStrict:
            return relations.map { [.name($0.type), .name($0.args[0].type), span($0.args[0]), .name($0.args[1].type), span($0.args[1])] }
        case .relBoundary:
            return relations.map { [.name($0.type), span($0.args[0]), span($0.args[1])] }
        case .evtTrigger:
            return s.event.map { [.name($0.type), span($0.offset, $0.text)] }
        case .evtRole:
            return s.event.flatMap { event in event.args.map { [.name(event.type), .name($0.type), span($0)] } }
        }
    }

    /// Matches one sentence's tuples in `mode`.
    static func count<T: Hashable>(gold: [T], pred: [T], mode: MatchMode) -> ScoreCounts {
        switch mode {
        case .set:
            let (g, p) = (Set(gold), Set(pred))
            return ScoreCounts(tp: g.intersection(p).count, gold: g.count, pred: p.count)
        case .multimatch:
            let g = Set(gold)
            // Without the cap, two copies of the one gold tuple would score recall 200%.
            let matched = pred.filter { g.contains($0) }.count
            return ScoreCounts(tp: min(matched, gold.count), gold: gold.count, pred: pred.count)
        case .normal:
            // For each prediction in order, consume one equal gold tuple if any remains.
            var remaining: [T: Int] = [:]
            for t in gold { remaining[t, default: 0] += 1 }
            var tp = 0
            for t in pred where (remaining[t] ?? 0) > 0 {
                remaining[t, default: 0] -= 1
                tp += 1
            }
            return ScoreCounts(tp: tp, gold: gold.count, pred: pred.count)
        }
    }
}

/// The whole evaluation of a test set (§5–§8): parse each generated string against its gold
/// sentence, place the records on the tokens, and score. `generated[i]` belongs to `gold[i]`.
public func scoreSEL(generated: [String], gold: [UIEExample], schemas: TaskSchemas,
                     strategy: OffsetStrategy = .closest, mode: MatchMode = .normal) throws -> ScoreReport {
    guard generated.count == gold.count else {
        throw SELDataError.lineCountMismatch(path: "predictions", expected: gold.count, found: generated.count)
    }
    let parser = SELParser(schema: schemas.record)
    let matcher = OffsetMatcher(schemas: schemas, strategy: strategy)
    var scorer = Scorer(mode: mode)
    for (text, example) in zip(generated, gold) {
        let parsed = parser.parse(text, text: example.text)
        scorer.add(gold: SentenceStructures(gold: example), prediction: matcher.predict(parsed.records, tokens: example.tokens),
                   status: parsed.status)
    }
    return scorer.report
}
