import Testing
@Test func placeholderStageRunTests() { #expect(Bool(true)) }
