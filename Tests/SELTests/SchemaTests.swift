import Foundation
import Testing
@testable import SEL

@Suite struct SchemaTests {
    @Test func schemaFileRoundTrips() throws {
        let s = Schema(types: ["person", "organization"], roles: ["work for"], typeRoles: ["person": ["work for"], "organization": []])
        let parsed = try Schema.parse(s.fileText(), path: "x/record.schema")
        #expect(parsed == s)
    }

    @Test func malformedSchemaLineIsNamed() {
        #expect(throws: SELDataError.malformedLine(path: "d/record.schema", line: 2, field: "roles", reason: "expected a JSON list of strings")) {
            try Schema.parse("[\"a\"]\n{oops\n{}\n", path: "d/record.schema")
        }
    }

    @Test func readableRendering() {
        let sel = "<extra_id_0> <extra_id_0> person <extra_id_5> Steve <extra_id_0> work for <extra_id_5> Apple <extra_id_1> <extra_id_1> <extra_id_0> organization <extra_id_5> Apple <extra_id_1> <extra_id_1>"
        #expect(SELToken.readable(sel) == "((person: Steve (work for: Apple)) (organization: Apple))")
    }
}
