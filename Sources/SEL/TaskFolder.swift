// A task read from a dataset folder in UIE's layout (train.json, val.json, test.json and the four
// .schema files), the form `lpt benchmark --output` writes and UIE's conversion scripts produce.
// The learning commands' `--data DIR` reads each task of a stream from DIR/<task>/ through here.
// Also: how much of a task the backbone's vocabulary covers, since a word it lacks is read as
// <unk> and can never be copied into the output.

import Foundation
import T5

public enum TaskFolder {
    public static let splitFiles = (train: "train.json", dev: "val.json", test: "test.json")

    /// The task kind the schema files describe: events if event.schema has types, else relations
    /// (ABSA when the only entity types are aspect and opinion, as in UIE's ABSA datasets), else
    /// entities. `path` names the folder in the error for schemas with no types at all.
    public static func kind(of schemas: TaskSchemas, path: String) throws -> TaskKind {
        if !schemas.event.types.isEmpty { return .event }
        if !schemas.relation.types.isEmpty {
            let absaTypes: Set<String> = ["aspect", "opinion"]
            let types = Set(schemas.entity.types.map { $0.lowercased() })
            return !types.isEmpty && types.isSubset(of: absaTypes) ? .absa : .relation
        }
        if !schemas.entity.types.isEmpty { return .entity }
        throw SELDataError.malformedLine(path: path + "/entity.schema", line: 1, field: "types",
                                         reason: "entity.schema, relation.schema and event.schema list no types, so the task type is unknown")
    }

    /// The task in `folder`, named `id`: its schemas, its kind, and the first `limits` sentences of
    /// each split (all of them where a file is shorter). Each split is read whole first, so a
    /// malformed line anywhere is an error naming the file and line. CoNLL03 (a folder named
    /// conll03) uses UIE's `first` offset strategy, as UIE evaluates it; every other task `closest`.
    public static func load(_ folder: URL, id: String, limits: BenchmarkOptions) throws -> TaskData {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw SELDataError.unreadable(path: folder.path + " (no such task folder)")
        }
        let schemas = try TaskSchemas.load(directory: folder)
        let kind = try kind(of: schemas, path: folder.path)
        let read = { (name: String) in try DatasetIO.readExamples(folder.appendingPathComponent(name)) }
        let train = try read(splitFiles.train), dev = try read(splitFiles.dev), test = try read(splitFiles.test)
        for (name, examples) in [(splitFiles.train, train), (splitFiles.dev, dev), (splitFiles.test, test)] where examples.isEmpty {
            throw SELDataError.malformedLine(path: folder.appendingPathComponent(name).path, line: 1, field: "line", reason: "the file holds no sentences")
        }
        let spec = TaskSpec(folderTask: id, kind: kind, schemas: schemas, firstStrategy: id.lowercased() == "conll03")
        return TaskData(spec: spec, train: Array(train.prefix(limits.trainSize)), dev: Array(dev.prefix(limits.devSize)),
                        test: Array(test.prefix(limits.testSize)))
    }
}

/// How much of one task's text and labels a vocabulary knows.
public struct VocabularyCoverage: Sendable {
    public var task: String
    public var kind: TaskKind
    public var sentences: (train: Int, dev: Int, test: Int)
    /// Words of every sentence (as the model's tokenizer splits them), and how many it lacks.
    public var words = 0, unknownWords = 0
    /// Distinct unknown words, most frequent first, and schema labels with a word it lacks.
    public var unknownExamples: [String] = []
    public var unknownLabels: [String] = []

    public var unknownShare: Double { words == 0 ? 0 : Double(unknownWords) / Double(words) }

    public init(_ data: TaskData, vocabulary: Vocabulary) {
        (task, kind) = (data.spec.id, data.spec.kind)
        sentences = (data.train.count, data.dev.count, data.test.count)
        var counts: [String: Int] = [:]
        for example in data.train + data.dev + data.test {
            for word in Vocabulary.words(example.text) {
                words += 1
                if !vocabulary.contains(word) { unknownWords += 1; counts[word, default: 0] += 1 }
            }
        }
        unknownExamples = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map(\.key)
        let s = data.spec.schemas
        let labels = s.record.types + s.record.roles + s.entity.types + s.relation.types + s.event.types + s.event.roles
        var seen = Set<String>()
        unknownLabels = labels.filter { label in
            seen.insert(label).inserted && Vocabulary.words(label).contains { !vocabulary.contains($0) }
        }
    }

    /// One report line: "14res (ABSA): 8/2/2 sentences; 0.0% of 212 words unknown".
    public var line: String {
        var text = String(format: "%@ (%@): %d/%d/%d train/dev/test sentences; %.1f%% of %d words unknown to the backbone's vocabulary",
                          task, kind.shortName, sentences.train, sentences.dev, sentences.test, 100 * unknownShare, words)
        if !unknownExamples.isEmpty { text += " (e.g. \(unknownExamples.joined(separator: ", ")))" }
        if !unknownLabels.isEmpty { text += "; labels with unknown words: \(unknownLabels.joined(separator: ", "))" }
        return text
    }
}
