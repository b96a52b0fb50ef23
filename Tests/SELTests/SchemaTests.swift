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

@Suite struct ChecksumTests {
    @Test func sha256KnownAnswers() {
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // 56 bytes: the padding spills into a second block.
        #expect(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
