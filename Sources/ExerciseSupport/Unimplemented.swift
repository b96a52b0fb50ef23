// The error every exercise stub throws until the learner replaces it.
// Stubs throw instead of calling fatalError so one unsolved exercise fails its own test
// and the rest of the run continues.

/// Thrown by an untouched exercise stub; its description names the exercise id.
public struct Unimplemented: Error, CustomStringConvertible, Equatable, Sendable {
    public let exerciseID: String
    public init(_ exerciseID: String) { self.exerciseID = exerciseID }
    public var description: String { "exercise \(exerciseID) is not implemented yet" }
}
