// The SEL parser (chapter 3): every row of the malformed-input table with hand-worked
// expectations, the other rules of §5, and the `<unk>` repair.

import Foundation
import Testing
@testable import SEL

@Suite struct ParserTests {
    // The note's table schema: person, location, organization; associations work for, live in.
    let parser = SELParser(recordLabels: ["person", "location", "organization"], associationLabels: ["work for", "live in"])
    let text = "John Smith of Apple lives in Paris ."

    func parse(_ sel: String) -> SELParse {
        parser.parse(sel.replacingOccurrences(of: "<0>", with: SELToken.open).replacingOccurrences(of: "<1>", with: SELToken.close)
            .replacingOccurrences(of: "<5>", with: SELToken.colon).replacingOccurrences(of: "<6>", with: SELToken.nullSpan), text: text)
    }
    let john = ParsedRecord(label: "person", span: "John Smith")
    let apple = ParsedRecord(label: "organization", span: "Apple")

    // MARK: the §5 table, row by row

    @Test func emptyStringIsIllFormed() {
        #expect(parse("") == SELParse(records: [], status: .illFormed))
        #expect(parse("   ") == SELParse(records: [], status: .illFormed))
        #expect(parse("person John Smith") == SELParse(records: [], status: .illFormed))   // no special token at all
    }

    @Test func missingClosersAreRepaired() {
        let result = parse("<0> <0> person <5> John Smith <0> work for <5> Apple <1> <1> <0> organization <5> Apple")
        var johnWorks = john
        johnWorks.associations = [ParsedAssociation(label: "work for", span: "Apple")]
        #expect(result == SELParse(records: [johnWorks, apple], status: .fixed))
        #expect(parse("<0>") == SELParse(records: [], status: .fixed))
    }

    @Test func extraCloserInTheMiddleCutsTheRest() {
        #expect(parse("<0> <0> person <5> John Smith <1> <1> <0> organization <5> Apple <1> <1>")
                == SELParse(records: [john], status: .wellFormed))
    }

    @Test func leadingCloserIsIllFormed() {
        #expect(parse("<1> <0> <0> person <5> John Smith <1> <1>") == SELParse(records: [], status: .illFormed))
        // Any special token other than an opener first cannot form a tree either (kit's reading of step 4).
        #expect(parse("<5> <0> <0> person <5> John Smith <1> <1>") == SELParse(records: [], status: .illFormed))
    }

    @Test func noOuterWrapperGivesNoRecords() {
        // The first record becomes the root; its children are plain words, so there are no records.
        #expect(parse("<0> person <5> John Smith <1> <0> organization <5> Apple <1>") == SELParse(records: [], status: .wellFormed))
    }

    @Test func missingColonCutsTheLabelToItsFirstWord() {
        #expect(parse("<0> <0> person John Smith <1> <1>").records == [john])
        // "work for Apple" reads as label "work", span "for Apple": the label filter drops it.
        #expect(parse("<0> <0> person <5> John Smith <0> work for Apple <1> <1>").records == [john])
        #expect(SELParser.labelAndSpan(["work", "for", "Apple"]) == ("work", "for Apple"))
    }

    @Test func twoColonsKeepALiteralColonInTheSpan() {
        #expect(parse("<0> <0> person <5> John <5> Smith <1> <1>").records == [])
        let c = SELToken.colon
        #expect(SELParser.labelAndSpan(["person", c, "John", c, "Smith"]) == ("person", "\(c) John \(c) Smith"))
    }

    @Test func unknownLabelOrSpanNotInTextIsDropped() {
        #expect(parse("<0> <0> company <5> Apple <1> <0> person <5> John Smyth <1> <0> organization <5> Apple <1> <1>").records == [apple])
        #expect(parse("<0> <0> person <5> John Smith <0> employs <5> Apple <1> <0> live in <5> Rome <1> <1> <1>").records == [john])
    }

    @Test func nonTokenAlignedSpanIsKeptForStringMetricsOnly() {
        let records = parse("<0> <0> person <5> ohn Smi <1> <1>").records
        #expect(records == [ParsedRecord(label: "person", span: "ohn Smi")])
        let placed = OffsetMatcher(entityTypes: ["person"], eventTypes: []).predict(records, tokens: text.split(separator: " ").map(String.init))
        #expect(placed.offset.entity.isEmpty)
        #expect(placed.string.entity == [TypedSpan(type: "person", offset: [], text: "ohn Smi")])
    }

    @Test func noSpacesParsesNormally() {
        let sel = "\(SELToken.open)\(SELToken.open)person\(SELToken.colon)John Smith\(SELToken.close)\(SELToken.close)"
        #expect(parser.parse(sel, text: text) == SELParse(records: [john], status: .wellFormed))
        #expect(SELParser.splitWords("a<extra_id_12>b <extra_id_x> <extra_id_>") == ["a", "<extra_id_12>", "b", "<extra_id_x>", "<extra_id_>"])
    }

    // MARK: the other rules of §5

    @Test func textBeforeTheFirstSpecialTokenIsDropped() {
        #expect(parse("Sure, here: <0> <0> person <5> John Smith <1> <1>").records == [john])
    }

    @Test func emptyStructureAndWordsAfterAnAssociation() {
        #expect(parser.parse("\(SELToken.open)  \(SELToken.close)", text: text) == SELParse(records: [], status: .wellFormed))
        // Words after a nested association still belong to the record: span "John Smith".
        let result = parse("<0> <0> person <5> John <0> work for <5> Apple <1> Smith <1> <1>")
        #expect(result.records == [ParsedRecord(label: "person", span: "John Smith", associations: [ParsedAssociation(label: "work for", span: "Apple")])])
    }

    @Test func bracketsDeeperThanAssociationsAreIgnored() {
        let result = parse("<0> <0> person <5> John Smith <0> work for <5> Apple <0> live in <5> Paris <1> <1> <1> <1>")
        #expect(result.records == [ParsedRecord(label: "person", span: "John Smith", associations: [ParsedAssociation(label: "work for", span: "Apple")])])
    }

    @Test func nullSpansAreDiscarded() {
        let result = parse("<0> <0> person <5> John Smith <0> live in <5> <6> <1> <1> <0> location <5> <6> <1> <1>")
        #expect(result.records == [john])
    }

    @Test func associationLabelsAreAcceptedUnderAnyRecordType() {
        // Quirk (§5.7, §7): "live in" under an organization record is kept.
        let result = parse("<0> <0> organization <5> Apple <0> live in <5> Paris <1> <1> <1>")
        #expect(result.records == [ParsedRecord(label: "organization", span: "Apple", associations: [ParsedAssociation(label: "live in", span: "Paris")])])
    }

    // MARK: <unk> repair (§5.6; the kit's wildcard rule)

    @Test func unknownTokenIsRepairedAgainstTheText() {
        let text = "José Smith met Zoë at Apple ."
        func span(_ s: String) -> [String] {
            parser.parse("\(SELToken.open) \(SELToken.open) person \(SELToken.colon) \(s) \(SELToken.close) \(SELToken.close)", text: text).records.map(\.span)
        }
        #expect(span("<unk> Smith") == ["José Smith"])
        #expect(span("Jos<unk> Smith") == ["José Smith"])
        #expect(span("<unk> met <unk>") == ["Smith met Zoë"])      // a wildcard never crosses a space
        #expect(span("<unk> Brown") == [])                       // no match: dropped by the substring test
        #expect(UnknownRepair.repair("<unk> at", in: text) == "Zoë at")
        #expect(UnknownRepair.repair("<unk>", in: text) == "José")   // leftmost, then longest (within the word)
        #expect(UnknownRepair.repair("a<unk>b", in: "xaxbyb") == "axbyb")
        #expect(UnknownRepair.repair("a <unk> b", in: "") == "a <unk> b")
    }

    @Test func substringTestIsOnCharacters() {
        #expect(UnknownRepair.isSubstring("", of: "abc"))
        #expect(UnknownRepair.isSubstring("bc", of: "abc"))
        #expect(!UnknownRepair.isSubstring("abcd", of: "abc"))
    }

    @Test func parserCountersCount() {
        var counters = ParserCounters()
        for sel in ["", "<0> <0> person <5> John Smith <1> <1>", "<0> <0> person <5> John Smith"] { counters.add(parse(sel).status) }
        #expect(counters == ParserCounters(wellFormed: 1, fixed: 1, illFormed: 1))
    }
}
