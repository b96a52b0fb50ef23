// Region markers in Swift sources: text extraction, dedenting, and every malformed-marker error.

import ChapterKit
import Testing

@Suite struct SnippetScannerTests {
    @Test func regionTextIsDedentedAndExcludesMarkers() throws {
        let source = """
            struct Tensor {
                // snippet.storage
                var storage: [Float]

                    var shape: [Int]
                // snippet.end
            }
            """
        let scanned = SnippetScanner.scan(source, file: "Sources/T/Tensor.swift")
        #expect(scanned.errors.isEmpty)
        let region = try #require(scanned.regions.first)
        #expect(region.id == "storage")
        #expect(region.line == 2)
        #expect(region.text == "var storage: [Float]\n\n    var shape: [Int]")
    }

    @Test func nestedMarkersAreReportedOnce() {
        let source = """
            // snippet.outer
            let a = 1
            // snippet.inner
            let b = 2
            // snippet.end
            // snippet.end
            """
        let scanned = SnippetScanner.scan(source, file: "F.swift")
        #expect(scanned.errors == [.nestedRegion(file: "F.swift", line: 3, id: "inner", enclosing: "outer")])
        #expect(scanned.regions.isEmpty)
    }

    @Test func badIDsDuplicatesAndUnbalancedMarkersAreErrors() {
        let source = """
            // snippet.end
            // snippet.Bad_Id
            // snippet.end
            // snippet.twice
            // snippet.end
            // snippet.twice
            // snippet.end
            // snippet.open
            """
        let errors = SnippetScanner.scan(source, file: "F.swift").errors
        #expect(errors == [
            .unmatchedEnd(file: "F.swift", line: 1),
            .invalidRegionID(file: "F.swift", line: 2, id: "Bad_Id"),
            .duplicateRegionID(file: "F.swift", line: 6, id: "twice"),
            .unterminatedRegion(file: "F.swift", line: 8, id: "open"),
        ])
    }
}
