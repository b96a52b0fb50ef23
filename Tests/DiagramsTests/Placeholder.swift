import Testing
@Test func placeholderDiagramsTests() { #expect(Bool(true)) }
