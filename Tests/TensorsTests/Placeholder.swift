import Testing
@Test func placeholderTensorsTests() { #expect(Bool(true)) }
