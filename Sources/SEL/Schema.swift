// UIE's `.schema` files (chapter 3): three JSON lines, a list of types, a list of roles and a
// map from type to roles. A dataset folder has four: record.schema (the labels of the prompt and
// of the parser's filter), entity.schema, relation.schema and event.schema.

import Diagrams
import Foundation

public struct Schema: Equatable, Sendable {
    public var types: [String]
    public var roles: [String]
    public var typeRoles: [String: [String]]
    public init(types: [String], roles: [String] = [], typeRoles: [String: [String]] = [:]) {
        (self.types, self.roles, self.typeRoles) = (types, roles, typeRoles)
    }

    /// The three JSON lines. Keys of the map are written sorted, so files are reproducible.
    public func fileText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line<T: Encodable>(_ value: T) -> String { String(decoding: try! encoder.encode(value), as: UTF8.self) }
        return [line(types), line(roles), line(typeRoles)].joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String, path: String) throws -> Schema {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func decode<T: Decodable>(_ n: Int, _ field: String, as type: T.Type) throws -> T {
            guard n < lines.count, !lines[n].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SELDataError.malformedLine(path: path, line: n + 1, field: field, reason: "line is missing")
            }
            do { return try JSONDecoder().decode(T.self, from: Data(lines[n].utf8)) } catch {
                throw SELDataError.malformedLine(path: path, line: n + 1, field: field,
                                                 reason: "expected \(n == 2 ? "a JSON object of string lists" : "a JSON list of strings")")
            }
        }
        return Schema(types: try decode(0, "types", as: [String].self), roles: try decode(1, "roles", as: [String].self),
                      typeRoles: try decode(2, "type-to-roles map", as: [String: [String]].self))
    }

    public static func load(_ url: URL) throws -> Schema {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SELDataError.unreadable(path: url.path) }
        return try parse(text, path: url.path)
    }
}

/// The four schema files of one dataset folder.
public struct TaskSchemas: Equatable, Sendable {
    public var record: Schema
    public var entity: Schema
    public var relation: Schema
    public var event: Schema
    public init(record: Schema, entity: Schema, relation: Schema, event: Schema) {
        (self.record, self.entity, self.relation, self.event) = (record, entity, relation, event)
    }

    public static let fileNames = ["record.schema", "entity.schema", "relation.schema", "event.schema"]

    public static func load(directory: URL) throws -> TaskSchemas {
        let s = try fileNames.map { try Schema.load(directory.appendingPathComponent($0)) }
        return TaskSchemas(record: s[0], entity: s[1], relation: s[2], event: s[3])
    }

    public func write(directory: URL) throws {
        try SafeFile.makeFolder(directory)
        for (name, schema) in zip(TaskSchemas.fileNames, [record, entity, relation, event]) {
            try SafeFile.write(Data(schema.fileText().utf8), to: directory.appendingPathComponent(name))
        }
    }
}

/// Bad dataset input, always naming the file, and the line and field when there is one.
public enum SELDataError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case malformedLine(path: String, line: Int, field: String, reason: String)
    case lineCountMismatch(path: String, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .unreadable(let p): return "\(p): cannot read the file"
        case .malformedLine(let p, let l, let f, let r): return "\(p):\(l): field '\(f)': \(r)"
        case .lineCountMismatch(let p, let e, let f): return "\(p): expected \(e) lines (one per gold sentence), found \(f)"
        }
    }
}
