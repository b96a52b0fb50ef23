// The exercise list, `exercises/exercises.json`: fixed order, ids, stubs and hints.
// Decoded with Foundation's JSONDecoder so neither `lpt hint` nor the lint needs a new dependency.

import Foundation

/// One exercise. `id` is "C.N": chapter C, exercise N within it.
public struct Exercise: Codable, Equatable, Sendable {
    public let id: String
    public let chapter: Int
    public let title: String
    /// Stub path relative to the package root, e.g. `exercises/Stubs/Ch01/Ex1_1_BroadcastAdd.swift`.
    public let stub: String
    /// Graded hints: level 1 nudges toward the idea, level 2 gives the strategy, level 3 the whole
    /// plan in words. None of them prints code (the lint checks it).
    public let hints: [String]
    /// True for an exercise whose stub already passes (e.g. a warm-up); its tests must not fail.
    public let startsSolved: Bool

    public init(id: String, chapter: Int, title: String, stub: String, hints: [String], startsSolved: Bool = false) {
        self.id = id
        self.chapter = chapter
        self.title = title
        self.stub = stub
        self.hints = hints
        self.startsSolved = startsSolved
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        chapter = try container.decode(Int.self, forKey: .chapter)
        title = try container.decode(String.self, forKey: .title)
        stub = try container.decode(String.self, forKey: .stub)
        hints = try container.decode([String].self, forKey: .hints)
        // Optional in the file; absent means the stub must fail.
        startsSolved = try container.decodeIfPresent(Bool.self, forKey: .startsSolved) ?? false
    }
}

/// Why the catalog could not be read, or why a lookup failed.
public enum ExerciseCatalogError: Error, CustomStringConvertible, Equatable, Sendable {
    case missingFile(path: String)
    case malformed(path: String, reason: String)
    case unknownExercise(id: String, known: [String])
    case unknownLevel(id: String, level: Int, levels: Int)

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(path): exercise catalog not found or unreadable"
        case let .malformed(path, reason):
            return "\(path): cannot decode exercise catalog: \(reason)"
        case let .unknownExercise(id, known):
            return "no exercise '\(id)'; known ids: \(known.joined(separator: ", "))"
        case let .unknownLevel(id, level, levels):
            return "exercise \(id) has hint levels 1-\(levels), not \(level)"
        }
    }
}

/// The decoded catalog; `exercises` is in the fixed teaching order.
public struct ExerciseCatalog: Codable, Equatable, Sendable {
    /// Where the catalog lives, relative to the package root.
    public static let relativePath = "exercises/exercises.json"

    public let exercises: [Exercise]

    public init(exercises: [Exercise]) { self.exercises = exercises }

    /// Loads `exercises/exercises.json` under `root`.
    public static func load(root: URL) throws -> ExerciseCatalog {
        try load(from: root.appendingPathComponent(relativePath))
    }

    public static func load(from url: URL) throws -> ExerciseCatalog {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ExerciseCatalogError.missingFile(path: url.path)
        }
        do {
            return try decode(data)
        } catch let error as DecodingError {
            throw ExerciseCatalogError.malformed(path: url.path, reason: Self.explain(error))
        } catch {
            throw ExerciseCatalogError.malformed(path: url.path, reason: "\(error)")
        }
    }

    public static func decode(_ data: Data) throws -> ExerciseCatalog {
        try JSONDecoder().decode(ExerciseCatalog.self, from: data)
    }

    public func exercise(id: String) -> Exercise? {
        exercises.first { $0.id == id }
    }

    /// The hint `lpt hint <id> --level <level>` prints; throws with the list of known ids for a
    /// typo, or the levels there are.
    public func hint(for id: String, level: Int = 1) throws -> String {
        guard let exercise = exercise(id: id) else {
            throw ExerciseCatalogError.unknownExercise(id: id, known: exercises.map(\.id))
        }
        guard exercise.hints.indices.contains(level - 1) else {
            throw ExerciseCatalogError.unknownLevel(id: id, level: level, levels: exercise.hints.count)
        }
        return exercise.hints[level - 1]
    }

    /// The exercises of one chapter, in order.
    public func exercises(chapter: Int) -> [Exercise] { exercises.filter { $0.chapter == chapter } }

    /// A one-line reason naming the JSON path, instead of DecodingError's long dump.
    static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case let .keyNotFound(key, context): return "missing key '\(key.stringValue)' at \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
