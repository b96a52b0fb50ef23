// Chapter 3: records to structures and spans to offsets. One test per documented UIE quirk
// (all kept by the kit, §7 "Quirks"), on a concrete input, plus the `first` / `closest` rules.

import Testing
@testable import SEL

@Suite struct QuirkTests {
    func tokens(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
    func rec(_ label: String, _ span: String, _ asocs: [(String, String)] = []) -> ParsedRecord {
        ParsedRecord(label: label, span: span, associations: asocs.map { ParsedAssociation(label: $0.0, span: $0.1) })
    }
    let entities = OffsetMatcher(entityTypes: ["person", "location", "organization"], eventTypes: [], strategy: .closest)
    let events = OffsetMatcher(entityTypes: [], eventTypes: ["attack", "die", "transport"], strategy: .closest)

    @Test func entityClaimsArePerType() {
        // Location "Paris" takes the "Paris" inside person "Paris Hilton"; a second location "Paris" takes [6].
        let t = tokens("Paris Hilton flew from London to Paris .")
        let out = entities.predict([rec("person", "Paris Hilton"), rec("location", "Paris"), rec("location", "Paris"), rec("location", "Paris")], tokens: t)
        #expect(out.offset.entity.map(\.offset) == [[0, 1], [0], [6]])   // the third location finds nothing free: dropped
        #expect(out.string.entity.count == 4)                             // string records keep duplicates
    }

    @Test func triggerStopRuleDropsLaterEvents() {
        let t = tokens("Rebels attacked the base and troops moved .")
        // "bombed" is absent: that event is skipped. "attacked" is then claimed by attack, so
        // die@attacked finds every occurrence claimed: stop, which also drops transport@moved.
        let out = events.predict([rec("attack", "bombed"), rec("attack", "attacked", [("attacker", "Rebels")]),
                                  rec("die", "attacked"), rec("transport", "moved", [("artifact", "troops")])], tokens: t)
        #expect(out.offset.event == [EventMention(type: "attack", offset: [1], text: "attacked", args: [TypedSpan(type: "attacker", offset: [0], text: "Rebels")])])
        #expect(out.string.event.count == 4)
        // Trigger claims are shared across event types, and the same strategy rule holds for `first`.
        let first = OffsetMatcher(entityTypes: [], eventTypes: ["attack", "die", "transport"], strategy: .first)
        #expect(first.predict([rec("attack", "attacked"), rec("die", "attacked"), rec("transport", "moved")], tokens: t).offset.event.count == 1)
    }

    @Test func relationStopRuleUnderClosestOnly() {
        let t = tokens("John Smith works for Apple in Cupertino .")
        let records = [rec("person", "John Smith", [("work for", "Apple"), ("work for", "Apple Inc"), ("live in", "Cupertino")]),
                       rec("organization", "Apple"), rec("location", "Cupertino")]
        // closest: "Apple Inc" is not found → stop; the later live-in relation is dropped too.
        #expect(entities.predict(records, tokens: t).offset.relation.map(\.type) == ["work for"])
        // first: only the missing relation is skipped.
        let first = OffsetMatcher(entityTypes: ["person", "location", "organization"], eventTypes: [], strategy: .first)
        #expect(first.predict(records, tokens: t).offset.relation.map(\.type) == ["work for", "live in"])
        #expect(entities.predict(records, tokens: t).string.relation.count == 3)
    }

    @Test func tailTypeFallsBackToHeadType() {
        let t = tokens("John Smith works for Apple .")
        let out = entities.predict([rec("person", "John Smith", [("work for", "Apple")])], tokens: t)
        #expect(out.offset.relation.first?.args[1] == TypedSpan(type: "person", offset: [4], text: "Apple"))
        // With an entity record for the tail, the table gives its type; the last record wins.
        let typed = entities.predict([rec("person", "John Smith", [("work for", "Apple")]), rec("organization", "Apple"), rec("location", "Apple")], tokens: t)
        #expect(typed.string.relation.first?.args[1].type == "location")
    }

    @Test func associationLabelIgnoresRecordType() {
        let parser = SELParser(recordLabels: ["person", "organization"], associationLabels: ["live in"])
        let o = SELToken.open, c = SELToken.close, k = SELToken.colon
        let parsed = parser.parse("\(o) \(o) organization \(k) Apple \(o) live in \(k) Cupertino \(c) \(c) \(c)", text: "Apple in Cupertino")
        let out = entities.predict(parsed.records, tokens: tokens("Apple in Cupertino"))
        #expect(out.offset.relation == [RelationMention(type: "live in", head: TypedSpan(type: "organization", offset: [0], text: "Apple"),
                                                        tail: TypedSpan(type: "organization", offset: [2], text: "Cupertino"))])
    }

    @Test func eventArgumentsMustBeEntityTextsOnceThereAreEntities() {
        let matcher = OffsetMatcher(entityTypes: ["person"], eventTypes: ["attack"])
        let t = tokens("Rebels attacked Kabul .")
        let event = rec("attack", "attacked", [("attacker", "Rebels"), ("place", "Kabul")])
        #expect(matcher.predict([event], tokens: t).offset.event.first?.args.map(\.text) == ["Rebels", "Kabul"])
        let withEntity = matcher.predict([rec("person", "Rebels"), event], tokens: t)
        #expect(withEntity.offset.event.first?.args.map(\.text) == ["Rebels"])
        #expect(withEntity.string.event.first?.args.map(\.text) == ["Rebels"])
    }

    @Test func exactDuplicateRelationsAreKeptOnce() {
        let t = tokens("John works for Apple .")
        let twice = [rec("person", "John", [("work for", "Apple")]), rec("person", "John", [("work for", "Apple")]), rec("organization", "Apple")]
        let out = entities.predict(twice, tokens: t)
        #expect(out.offset.relation.count == 1)
        #expect(out.string.relation.count == 2)
        #expect(out.offset.entity.count == 2)   // the second John finds no free occurrence for its type
    }

    @Test func recordsOfNoKnownTypeAreIgnored() {
        let matcher = OffsetMatcher(entityTypes: ["person"], eventTypes: ["attack"])
        #expect(matcher.predict([rec("sentiment", "John")], tokens: ["John"]) == SentencePrediction(offset: SentenceStructures(), string: SentenceStructures()))
    }

    // MARK: first vs closest

    @Test func eventArgumentsClosestVersusFirst() {
        let t = tokens("Kabul was calm ; troops moved to Kabul .")   // Kabul [0] and [7]; moved [5]
        let records = [rec("transport", "moved", [("destination", "Kabul"), ("artifact", "troops")])]
        #expect(events.predict(records, tokens: t).offset.event.first?.args.map(\.offset) == [[7], [4]])
        let first = OffsetMatcher(entityTypes: [], eventTypes: ["transport"], strategy: .first)
        #expect(first.predict(records, tokens: t).offset.event.first?.args.map(\.offset) == [[0], [4]])
        // Ties go to the earliest occurrence: "x moved x" from the trigger at [1].
        #expect(events.predict([rec("transport", "moved", [("artifact", "x")])], tokens: ["x", "moved", "x"]).offset.event.first?.args.first?.offset == [0])
    }

    @Test func relationPairClosestVersusFirst() {
        let t = tokens("Mary lives in Boston and Tom lives in Boston too .")
        let records = [rec("person", "Tom", [("live in", "Boston")]), rec("location", "Boston"), rec("location", "Boston")]
        #expect(entities.predict(records, tokens: t).offset.relation.first?.args.map(\.offset) == [[5], [3]])   // |5-3| < |5-8|
        let first = OffsetMatcher(entityTypes: ["person", "location"], eventTypes: [], strategy: .first)
        #expect(first.predict(records, tokens: t).offset.relation.first?.args.map(\.offset) == [[5], [3]])
        // Ties: earlier head, then earlier tail. "A B A": pair (A[0], B[1]) wins over (A[2], B[1]).
        let tie = entities.predict([rec("person", "A", [("live in", "B")])], tokens: ["A", "B", "A"])
        #expect(tie.offset.relation.first?.args.map(\.offset) == [[0], [1]])
        let later = entities.predict([rec("person", "A", [("live in", "B")])], tokens: ["A", "x", "x", "B", "A"])
        #expect(later.offset.relation.first?.args.map(\.offset) == [[4], [3]])
        #expect(first.predict([rec("person", "A", [("live in", "B")])], tokens: ["A", "x", "x", "B", "A"]).offset.relation.first?.args.map(\.offset) == [[0], [3]])
    }

    @Test func uieDefaultStrategies() {
        #expect(OffsetStrategy.uieDefault(dataset: "CoNLL03") == .first)
        #expect(OffsetStrategy.uieDefault(dataset: "conll03") == .first)
        #expect(OffsetStrategy.uieDefault(dataset: "ACE05-Rel") == .closest)
    }
}
