import Testing
@testable import SEL

@Suite struct LabelConfusionTests {
    @Test func pairsBySpanAndCountsMissedAndSpurious() {
        let schema = Schema(types: ["person", "organization", "location"], roles: [], typeRoles: [:])
        let gold = UIEExample(text: "Ann met Bob in Rome", tokens: ["Ann", "met", "Bob", "in", "Rome"], record: "",
                              spotAsoc: [SpotAsoc(span: "Ann", label: "person"), SpotAsoc(span: "Bob", label: "person"),
                                         SpotAsoc(span: "Rome", label: "location")])
        let o = SELToken.open, c = SELToken.close, k = SELToken.colon
        // Ann right, Bob called an organization, Rome missed, "met" spurious.
        let output = "\(o) \(o) person \(k) Ann \(c) \(o) organization \(k) Bob \(c) \(o) location \(k) met \(c) \(c)"
        let confusion = LabelConfusion(gold: [gold], generated: [output], schema: schema)
        #expect(abs(confusion.rightLabelShare - 1.0 / 3) < 1e-9)
        let errors = Dictionary(uniqueKeysWithValues: confusion.topErrors(10).map { ("\($0.pair.gold)→\($0.pair.predicted)", $0.count) })
        #expect(errors == ["person→organization": 1, "location→(missed)": 1, "(none)→location": 1])
    }
}
