import Testing
@Test func placeholderExerciseTests() { #expect(Bool(true)) }
