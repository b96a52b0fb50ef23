// The four hand-made conformance sets (entity, relation, event, ABSA), each
// three sentences: gold lines with offsets and `record` targets, and the predictions described
// in the note's tables.

@testable import SEL

struct ConformanceSet {
    var schemas: TaskSchemas
    var gold: [UIEExample]
    var predictions: [String]
}

enum Conformance {
    typealias R = GoldRecord
    static func r(_ label: String, _ span: String, _ asocs: [(String, String)] = []) -> String { SELText.record(label, span, asocs) }
    static func target(_ records: [String]) -> String { SELText.target(records) }

    static let entity: ConformanceSet = {
        let gold = [
            goldExample("Barack Obama visited Paris on Monday .", [R(label: "person", offset: [0, 1]), R(label: "location", offset: [3])]),
            goldExample("Apple hired John Smith , a former Google engineer .",
                        [R(label: "organization", offset: [0]), R(label: "person", offset: [2, 3]), R(label: "organization", offset: [7])]),
            goldExample("Paris Hilton flew from London to Paris .",
                        [R(label: "person", offset: [0, 1]), R(label: "location", offset: [4]), R(label: "location", offset: [6])]),
        ]
        // Sentence 3 is the gold SEL without its final two closers.
        let third = gold[2].record
        let cut = String(third.dropLast(" <extra_id_1> <extra_id_1>".count))
        let predictions = [
            gold[0].record,
            target([r("organization", "Apple", []), r("person", "John Smith", []), r("location", "Google", []),
                    r("company", "Google", []), r("person", "John Smyth", [])]),
            cut,
        ]
        return ConformanceSet(schemas: schemas(records: ["person", "location", "organization"]), gold: gold, predictions: predictions)
    }()

    static let relation: ConformanceSet = {
        let gold = [
            goldExample("John Smith works for Apple in Cupertino .",
                        [R(label: "people", offset: [0, 1], asocs: [("work for", [4])]),
                         R(label: "organization", offset: [4], asocs: [("organization in", [6])]),
                         R(label: "location", offset: [6])]),
            goldExample("Mary lives in Boston and Tom lives in Boston too .",
                        [R(label: "people", offset: [0], asocs: [("live in", [3])]), R(label: "location", offset: [3]),
                         R(label: "people", offset: [5], asocs: [("live in", [8])]), R(label: "location", offset: [8])]),
            goldExample("Oswald killed Kennedy in Dallas .",
                        [R(label: "people", offset: [0], asocs: [("kill", [2])]), R(label: "people", offset: [2]),
                         R(label: "location", offset: [4])]),
        ]
        // Sentence 3: kill reversed, and a second `people: Oswald` record carrying live in → Dallas.
        let predictions = [
            gold[0].record, gold[1].record,
            target([r("people", "Oswald", []), r("people", "Kennedy", [("kill", "Oswald")]), r("location", "Dallas", []),
                    r("people", "Oswald", [("live in", "Dallas")])]),
        ]
        return ConformanceSet(schemas: schemas(records: ["people", "organization", "location"],
                                               asocs: ["work for", "kill", "organization in", "live in"]),
                              gold: gold, predictions: predictions)
    }()

    static let eventTypes: Set<String> = ["attack", "die", "arrest jail", "transport"]

    static let event: ConformanceSet = {
        let gold = [
            goldExample("Rebels attacked the base in Kabul , killing two soldiers .",
                        [R(label: "attack", offset: [1], asocs: [("attacker", [0]), ("target", [3]), ("place", [5])]),
                         R(label: "die", offset: [7], asocs: [("agent", [0]), ("place", [5]), ("victim", [9])])], eventTypes: eventTypes),
            goldExample("Police arrested the suspect in Berlin .",
                        [R(label: "arrest jail", offset: [1], asocs: [("agent", [0]), ("person", [3]), ("place", [5])])], eventTypes: eventTypes),
            goldExample("The troops were moved to Kabul after the attack .",
                        [R(label: "transport", offset: [3], asocs: [("artifact", [1]), ("destination", [5])]),
                         R(label: "attack", offset: [8])], eventTypes: eventTypes),
        ]
        let attack = r("attack", "attacked", [("attacker", "Rebels"), ("target", "base"), ("place", "Kabul")])
        let predictions = [
            // die keeps only the victim, plus `instrument`, which is not a schema label.
            target([attack, r("die", "killing", [("instrument", "Rebels"), ("victim", "soldiers")])]),
            target([r("arrest jail", "arrested", [("agent", "Police"), ("victim", "suspect")])]),
            // The second event typed die; an extra record after the outer closer is ignored.
            target([r("transport", "moved", [("artifact", "troops"), ("destination", "Kabul")]), r("die", "attack", [])])
                + " " + r("attack", "attack", []),
        ]
        return ConformanceSet(schemas: schemas(records: ["attack", "die", "arrest jail", "transport"],
                                               asocs: ["attacker", "target", "victim", "agent", "place", "person", "artifact", "destination"],
                                               events: true),
                              gold: gold, predictions: predictions)
    }()

    static let absa: ConformanceSet = {
        let gold = [
            goldExample("The battery life is long but the screen is dim .",
                        [R(label: "aspect", offset: [1, 2], asocs: [("positive", [4])]), R(label: "opinion", offset: [4]),
                         R(label: "aspect", offset: [7], asocs: [("negative", [9])]), R(label: "opinion", offset: [9])]),
            goldExample("Great food but the service was slow and rude .",
                        [R(label: "opinion", offset: [0]), R(label: "aspect", offset: [1], asocs: [("positive", [0])]),
                         R(label: "aspect", offset: [4], asocs: [("negative", [6]), ("negative", [8])]),
                         R(label: "opinion", offset: [6]), R(label: "opinion", offset: [8])]),
            goldExample("The price is okay .", [R(label: "aspect", offset: [1], asocs: [("neutral", [3])]), R(label: "opinion", offset: [3])]),
        ]
        let null = SELToken.nullSpan
        let predictions = [
            gold[0].record,
            // food → negative Great; the `rude` triplet and the `rude` opinion are missing.
            target([r("opinion", "Great", []), r("aspect", "food", [("negative", "Great")]), r("aspect", "service", [("negative", "slow")]),
                    r("opinion", "slow", [])]),
            // Rejection-noise leftovers: an association and a record with the null span, both discarded.
            target([r("aspect", "price", [("neutral", "okay"), ("positive", null)]), r("aspect", null, []), r("opinion", "okay", [])]),
        ]
        return ConformanceSet(schemas: schemas(records: ["aspect", "opinion"], asocs: ["negative", "neutral", "positive"]),
                              gold: gold, predictions: predictions)
    }()
}
