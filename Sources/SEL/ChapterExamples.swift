// The hand-made sentences chapter 3 runs through (its figure, `stage03-sel` and the exercises):
// a relation sentence in CoNLL04's labels, a sentence whose tail entity occurs twice, and the
// malformed model outputs the parser must survive. Built with the library, never typed as SEL.

import Foundation

public enum ChapterExamples {
    /// CoNLL04's schema: the record labels and association labels the examples use.
    public static let schemas = EntityRelationTasks.conll04.schemas

    // snippet.relation-example
    /// The running example. Its relations are listed in the *opposite* of SEL order on purpose:
    /// linearization sorts Mary Lee's associations by their tails' offsets ([6, 7] before [11]).
    public static func relation() -> UIEExample {
        let mary = TypedSpan(type: "people", offset: [0, 1], text: "Mary Lee")
        let orbis = TypedSpan(type: "organization", offset: [6, 7], text: "Orbis Labs")
        let dunmore = TypedSpan(type: "location", offset: [11], text: "Dunmore")
        return example("Mary Lee , who works for Orbis Labs , lives in Dunmore .", entities: [mary, orbis, dunmore],
                       relations: [RelationMention(type: "live in", head: mary, tail: dunmore),
                                   RelationMention(type: "work for", head: mary, tail: orbis)])
    }
    // snippet.end

    /// "Dunmore" occurs twice; the relation's tail is the second one. `first` places the tail on
    /// token 0, `closest` on token 10, the occurrence nearer the head (|6 − 10| < |6 − 0|).
    public static func repeatedWord() -> UIEExample {
        let first = TypedSpan(type: "location", offset: [0], text: "Dunmore")
        let ana = TypedSpan(type: "people", offset: [6, 7], text: "Ana Cole")
        let second = TypedSpan(type: "location", offset: [10], text: "Dunmore")
        return example("Dunmore police said on Monday that Ana Cole lives in Dunmore .", entities: [first, ana, second],
                       relations: [RelationMention(type: "live in", head: ana, tail: second)])
    }

    /// A UIE line from gold structures: the target, spot_asoc, spot and asoc all come from them.
    public static func example(_ text: String, entities: [TypedSpan], relations: [RelationMention] = [],
                               events: [EventMention] = []) -> UIEExample {
        let spotAsoc = Linearizer.spotAsoc(Linearizer.records(entities: entities, relations: relations, events: events))
        var spots: [String] = [], asocs: [String] = []
        for record in spotAsoc {
            if !spots.contains(record.label) { spots.append(record.label) }
            for pair in record.asoc where !asocs.contains(pair[0]) { asocs.append(pair[0]) }
        }
        return UIEExample(text: text, tokens: text.split(separator: " ").map(String.init), record: Linearizer.target(spotAsoc),
                          entity: entities, relation: relations, event: events, spot: spots, asoc: asocs, spotAsoc: spotAsoc)
    }

    /// Model outputs for the running example, each broken in one way (name, generated string).
    public static func malformedOutputs() -> [(String, String)] {
        let good = relation().record
        let (o, c, k) = (SELToken.open, SELToken.close, SELToken.colon)
        let words = good.split(separator: " ").map(String.init)
        let firstRecordEnd = words.firstIndex(of: "organization")! - 1   // the `(` of the second record
        return [
            ("good output", good),
            ("missing closers", words.dropLast(2).joined(separator: " ")),
            ("extra closer", (words[..<firstRecordEnd] + [c] + words[firstRecordEnd...]).joined(separator: " ")),
            ("unknown label", good.replacingOccurrences(of: "\(o) organization \(k)", with: "\(o) company \(k)")),
            ("span not in text", good.replacingOccurrences(of: "location \(k) Dunmore", with: "location \(k) Dunmoor")),
            ("no colon", "\(o) \(o) people Mary Lee \(o) work for Orbis Labs \(c) \(c) \(c)"),
            ("no spaces", "\(o)\(o)people\(k)Mary Lee\(c)\(c)"),
            ("garbage", "Mary Lee works for Orbis Labs ."),
        ]
    }

    /// A two-sentence "test set" with one mistake: the model types Orbis Labs as a location in the
    /// running example and gets the repeated-word sentence right. Returns (gold, generated).
    public static func scored() -> ([UIEExample], [String]) {
        let gold = [relation(), repeatedWord()]
        var wrong = gold[0].spotAsoc
        if let i = wrong.firstIndex(where: { $0.label == "organization" }) { wrong[i].label = "location" }
        return (gold, [Linearizer.target(wrong), gold[1].record])
    }
}
