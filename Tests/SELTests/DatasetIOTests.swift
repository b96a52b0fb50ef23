// Reading and writing UIE JSON-lines files (chapter 3): round trip, errors naming the file,
// line and field of a bad line, and prediction files that must have one line per gold line.

import Foundation
import Testing
@testable import SEL

@Suite struct DatasetIOTests {
    let good = #"{"asoc":[],"entity":[{"offset":[0],"text":"John","type":"person"}],"event":[],"record":"x","relation":[],"spot":["person"],"spot_asoc":[],"text":"John runs .","tokens":["John","runs","."]}"#

    /// The (line, field) of the malformed-line error `body` throws, or nil.
    func malformed(_ body: () throws -> Void) -> (line: Int, field: String, path: String)? {
        do { try body() } catch SELDataError.malformedLine(let path, let line, let field, _) { return (line, field, path) } catch { return nil }
        return nil
    }

    @Test func roundTripThroughAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sel-io-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = Conformance.relation.gold + Conformance.event.gold + Conformance.absa.gold + [
            UIEExample(text: "Ödön lives in Győr .", tokens: ["Ödön", "lives", "in", "Győr", "."], record: "<extra_id_0>  <extra_id_1>", task: "pretrain")]
        let url = folder.appendingPathComponent("test.json")
        try DatasetIO.writeExamples(examples, to: url)
        #expect(try DatasetIO.readExamples(url) == examples)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == examples.count + 1 && lines.last == "")          // one compact object per line
        #expect(lines[0].hasPrefix(#"{"asoc":["#) && lines[0].contains(#""spot_asoc":"#))  // UIE's names, sorted keys
    }

    @Test func trailingBlankLinesAndCRLFAreFine() throws {
        #expect(try DatasetIO.parseExamples(good + "\n" + good + "\n\n", path: "t.json").count == 2)
        #expect(try DatasetIO.parseExamples(good + "\r\n" + good + "\r\n", path: "t.json").count == 2)
        #expect(try DatasetIO.parseExamples("", path: "t.json").isEmpty)
    }

    @Test func blankLineInTheMiddleIsAnError() {
        let e = malformed { _ = try DatasetIO.parseExamples(good + "\n\n" + good + "\n", path: "d/test.json") }
        #expect(e?.line == 2 && e?.field == "line" && e?.path == "d/test.json")
    }

    @Test func badLinesNameTheirField() {
        func fieldOf(_ line: String) -> String? {
            malformed { _ = try DatasetIO.parseExamples(good + "\n" + line + "\n", path: "d/test.json") }.map {
                #expect($0.line == 2 && $0.path == "d/test.json")
                return $0.field
            }
        }
        #expect(fieldOf(good.replacingOccurrences(of: #""tokens":["John","runs","."]"#, with: #""toks":[]"#)) == "tokens")
        #expect(fieldOf(good.replacingOccurrences(of: #""offset":[0]"#, with: #""offset":"0""#)) == "entity[0].offset")
        #expect(fieldOf(good.replacingOccurrences(of: #""offset":[0]"#, with: #""offset":["a"]"#)) == "entity[0].offset[0]")
        #expect(fieldOf(good.replacingOccurrences(of: #""offset":[0]"#, with: #""offset":[1.5]"#)) == "entity[0].offset[0]")
        #expect(fieldOf(good.replacingOccurrences(of: #""offset":[0]"#, with: #""offset":[3]"#)) == "entity[0].offset")
        #expect(fieldOf(good.replacingOccurrences(of: #""offset":[0]"#, with: #""offset":[]"#)) == "entity[0].offset")
        #expect(fieldOf(good.replacingOccurrences(of: #""offset":[0]"#, with: #""offset":[1]"#)) == "entity[0].text")
        #expect(fieldOf(good.replacingOccurrences(of: #""text":"John runs .""#, with: #""text":"John  runs .""#)) == "text")
        #expect(fieldOf(good.replacingOccurrences(of: #""record":"x""#, with: #""record":null"#)) == "record")
        #expect(fieldOf(good.replacingOccurrences(of: #""relation":[]"#, with: #""relation":[{"type":"r","args":[{"type":"person","offset":[0],"text":"John"}]}]"#)) == "relation[0].args")
        #expect(fieldOf(good.replacingOccurrences(of: #""event":[]"#, with: #""event":[{"type":"e","offset":[1],"text":"runs","args":[{"type":"r","offset":[9],"text":"John"}]}]"#)) == "event[0].args[0].offset")
        #expect(fieldOf("{not json") == "JSON")
        #expect(fieldOf("[1, 2]") == "JSON")
    }

    @Test func errorMessageNamesFileLineAndField() {
        let error = SELDataError.malformedLine(path: "d/test.json", line: 2, field: "tokens", reason: "is missing")
        #expect(error.description == "d/test.json:2: field 'tokens': is missing")
    }

    @Test func predictionsMustMatchTheGoldLineCount() throws {
        #expect(try DatasetIO.parsePredictions("a\n\nb\n", path: "p.txt", expectedCount: 3) == ["a", "", "b"])  // empty generation kept
        #expect(try DatasetIO.parsePredictions("a\nb", path: "p.txt", expectedCount: 2) == ["a", "b"])
        #expect(try DatasetIO.parsePredictions("", path: "p.txt", expectedCount: 0) == [])
        #expect(throws: SELDataError.lineCountMismatch(path: "p.txt", expected: 3, found: 2)) {
            try DatasetIO.parsePredictions("a\nb\n", path: "p.txt", expectedCount: 3)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sel-preds-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try DatasetIO.writePredictions(["x", "", "y\nz"], to: url)
        #expect(try DatasetIO.readPredictions(url, expectedCount: 3) == ["x", "", "y z"])
        #expect(throws: SELDataError.lineCountMismatch(path: url.path, expected: 4, found: 3)) {
            try DatasetIO.readPredictions(url, expectedCount: 4)
        }
        #expect(throws: SELDataError.unreadable(path: "/nonexistent/p.txt")) {
            try DatasetIO.readPredictions(URL(fileURLWithPath: "/nonexistent/p.txt"), expectedCount: 0)
        }
    }
}
