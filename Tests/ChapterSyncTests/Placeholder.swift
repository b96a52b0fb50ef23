import Testing
@Test func placeholderChapterSyncTests() { #expect(Bool(true)) }
