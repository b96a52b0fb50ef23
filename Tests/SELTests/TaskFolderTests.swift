import Foundation
import Testing
import T5
@testable import SEL

/// Tasks read back from UIE dataset folders: the same sentences, schemas, kind and strategy as
/// the generated tasks, the type taken from the schema files, and the vocabulary report.
@Suite struct TaskFolderTests {
    @Test func aWrittenTaskReadsBackAsTheGeneratedOne() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-taskfolder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let sizes = BenchmarkOptions(trainSize: 12, devSize: 3, testSize: 4)   // small for testing speed
        for id in ["ace04", "conll04", "casie", "14lap", "conll03"] {
            let generated = Benchmark.generate(Benchmark.task(id)!, options: sizes)
            try Benchmark.write(generated, to: root.appendingPathComponent(id))
            let read = try TaskFolder.load(root.appendingPathComponent(id), id: id, limits: sizes)
            #expect(read.spec.id == id && read.spec.kind == generated.spec.kind, "\(id): \(read.spec.kind)")
            #expect(read.spec.schemas == generated.spec.schemas)
            #expect(read.spec.strategy == generated.spec.strategy)
            #expect(read.train == generated.train && read.dev == generated.dev && read.test == generated.test)
            // Fewer sentences than the files hold: the first ones.
            let fewer = try TaskFolder.load(root.appendingPathComponent(id), id: id, limits: BenchmarkOptions(trainSize: 5, devSize: 1, testSize: 2))
            #expect(fewer.train == Array(generated.train.prefix(5)) && fewer.dev.count == 1 && fewer.test.count == 2)
        }
    }

    @Test func theKindComesFromTheSchemaFiles() throws {
        let none = Schema(types: [])
        let entity = Schema(types: ["person"])
        func schemas(entity e: Schema, relation: Schema = Schema(types: []), event: Schema = Schema(types: [])) -> TaskSchemas {
            TaskSchemas(record: e, entity: e, relation: relation, event: event)
        }
        #expect(try TaskFolder.kind(of: schemas(entity: entity), path: "x") == .entity)
        #expect(try TaskFolder.kind(of: schemas(entity: entity, relation: Schema(types: ["works for"])), path: "x") == .relation)
        #expect(try TaskFolder.kind(of: schemas(entity: Schema(types: ["aspect", "opinion"]), relation: Schema(types: ["positive"])), path: "x") == .absa)
        #expect(try TaskFolder.kind(of: schemas(entity: none, event: Schema(types: ["attack"])), path: "x") == .event)
        #expect(throws: SELDataError.malformedLine(path: "x/entity.schema", line: 1, field: "types",
                                                   reason: "entity.schema, relation.schema and event.schema list no types, so the task type is unknown")) {
            try TaskFolder.kind(of: schemas(entity: none), path: "x")
        }
    }

    @Test func coverageCountsTheWordsTheVocabularyLacks() throws {
        let vocabulary = Vocabulary(corpus: ["the cat sat", "person"], sentinels: 2)
        let line = UIEExample(text: "the dog sat", tokens: ["the", "dog", "sat"], record: "")
        let labels = Schema(types: ["person", "pet owner"])
        let spec = TaskSpec(folderTask: "pets", kind: .entity,
                            schemas: TaskSchemas(record: labels, entity: labels, relation: Schema(types: []), event: Schema(types: [])),
                            firstStrategy: false)
        let coverage = VocabularyCoverage(TaskData(spec: spec, train: [line, line], dev: [line], test: [line]), vocabulary: vocabulary)
        #expect(coverage.words == 12 && coverage.unknownWords == 4)
        #expect(coverage.unknownExamples == ["dog"] && coverage.unknownLabels == ["pet owner"])
        #expect(coverage.line == "pets (NER): 2/1/1 train/dev/test sentences; 33.3% of 12 words unknown to the backbone's vocabulary (e.g. dog); labels with unknown words: pet owner")
    }
}
