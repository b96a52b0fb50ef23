// The lifelong-UIE benchmark (chapter 3): 13 synthetic tasks standing in for the paper's 13
// datasets, the paper's task orders, the four novel tasks held out for stage 7, and the
// backbone's separate pretraining pool. Everything is generated from a seed; the same options
// give byte-identical files on every machine.

import Foundation
import T5
import Tensors

// snippet.benchmark-options
public struct BenchmarkOptions: Codable, Equatable, Sendable {
    public var trainSize = 1000
    public var devSize = 200
    public var testSize = 300
    public var seed: UInt64 = 2023
    public init(trainSize: Int = 1000, devSize: Int = 200, testSize: Int = 300, seed: UInt64 = 2023) {
        (self.trainSize, self.devSize, self.testSize, self.seed) = (trainSize, devSize, testSize, seed)
    }
}
// snippet.end

public struct TaskData: Sendable {
    public let spec: TaskSpec
    public let train: [UIEExample]
    public let dev: [UIEExample]
    public let test: [UIEExample]
    public init(spec: TaskSpec, train: [UIEExample], dev: [UIEExample], test: [UIEExample]) {
        (self.spec, self.train, self.dev, self.test) = (spec, train, dev, test)
    }
}

public enum Benchmark {
    /// The 13 tasks, grouped by kind (NER, RE, EE, ABSA).
    public static let tasks: [TaskSpec] = [
        EntityRelationTasks.ace04, EntityRelationTasks.ace05Ent, EntityRelationTasks.conll03,
        EntityRelationTasks.conll04, EntityRelationTasks.ace05Rel, EntityRelationTasks.scierc, EntityRelationTasks.nyt,
        EventABSATasks.casie, EventABSATasks.ace05Evt,
        EventABSATasks.lap14, EventABSATasks.res14, EventABSATasks.res15, EventABSATasks.res16,
    ]

    /// Fixed tasks of the backbone's pretraining world, for measuring it (its training samples a
    /// new task for every example: PoolSampler).
    public static let pool: [TaskSpec] = PoolWorld.evaluationTasks()

    /// Held out of the sequence for stage 7 (the paper's novel-task experiment).
    public static let novelTaskIDs = ["conll03", "conll04", "casie", "15res"]

    public static func task(_ id: String) -> TaskSpec? { (tasks + pool).first { $0.id == id.lowercased() } }

    /// The paper's orders 1-3 (its appendix) and two seeded permutations (orders 4 and 5).
    public static func order(_ n: Int) -> [String] {
        switch n {
        case 1: return ["14res", "ace05-ent", "ace05-evt", "16res", "14lap", "15res", "ace05-rel", "ace04", "nyt", "casie", "conll03", "scierc", "conll04"]
        case 2: return ["ace05-evt", "ace05-ent", "nyt", "15res", "casie", "conll04", "14res", "16res", "conll03", "scierc", "14lap", "ace04", "ace05-rel"]
        case 3: return ["conll04", "scierc", "ace05-ent", "ace04", "ace05-evt", "15res", "ace05-rel", "14res", "casie", "nyt", "conll03", "16res", "14lap"]
        default:
            var ids = tasks.map(\.id), rng = SeededGenerator(seed: 4000 + UInt64(max(n, 0)))
            rng.shuffle(&ids)
            return ids
        }
    }

    /// The names every task draws its mentions from (stage 2's synthetic world, 1,500 names).
    public static let names = SyntheticWorld().names

    // snippet.generate-splits
    /// Train, dev and test sentences of one task. Each split is drawn from its own seed (so a
    /// larger train split leaves dev and test unchanged), and a sentence already used by an
    /// earlier split is drawn again: no test sentence appears in training.
    public static func generate(_ spec: TaskSpec, options: BenchmarkOptions = BenchmarkOptions()) -> TaskData {
        let generator = BenchmarkGenerator(spec: spec, names: names)
        var used = Set<String>()
        func split(_ index: UInt64, _ size: Int) -> [UIEExample] {
            var rng = SeededGenerator(seed: options.seed &+ stableHash(spec.id) &+ index &* 0x9E37_79B9)
            var out: [UIEExample] = [], attempts = 0
            while out.count < size, attempts < size * 20 {
                attempts += 1
                let example = generator.example(&rng)
                if used.insert(example.text).inserted { out.append(example) }
            }
            return out
        }
        // Test first, then dev, then train: the evaluation sets do not depend on the train size.
        let test = split(3, options.testSize), dev = split(2, options.devSize), train = split(1, options.trainSize)
        return TaskData(spec: spec, train: train, dev: dev, test: test)
    }
    // snippet.end

    /// FNV-1a: a seed component from a task id that is the same on every platform and run.
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Writes one task as UIE's folder: train.json, val.json, test.json and the four schemas.
    public static func write(_ data: TaskData, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try data.spec.schemas.write(directory: folder)
        for (name, examples) in [("train.json", data.train), ("val.json", data.dev), ("test.json", data.test)] {
            try DatasetIO.writeExamples(examples, to: folder.appendingPathComponent(name))
        }
    }

    // MARK: vocabulary

    /// Every word the generators can produce: list entries, pattern and form words, labels,
    /// numbers and years. The backbone's vocabulary must hold all of them, or copying fails.
    public static func allWords() -> [String] {
        var words: [String] = []
        for spec in tasks + pool {
            var texts = spec.connectors + spec.openers + spec.closers + spec.absaPatterns + spec.entityTypes
            texts += spec.lists.values.flatMap { $0 } + spec.forms.values.flatMap { $0 }
            texts += spec.links.flatMap(\.phrases) + spec.relationLabels
            texts += spec.frames.flatMap { [$0.type] + $0.triggers + $0.patterns + $0.roles.keys }
            for text in texts {
                for piece in PatternPiece.parse(text) { if case .word(let w) = piece { words.append(w) } }
            }
        }
        for text in PoolWorld.allTexts {
            for piece in PatternPiece.parse(text) { if case .word(let w) = piece { words.append(w) } }
        }
        words += (2...99).map(String.init) + (1950...2025).map(String.init) + ["."]
        return words
    }

    /// Words of generated sentences (200 per task) that `vocabulary` lacks; empty when copying can work.
    public static func unknownWords(in vocabulary: Vocabulary) -> [String] {
        var missing = Set<String>()
        for spec in tasks + pool {
            var rng = SeededGenerator(seed: 99)
            let generator = BenchmarkGenerator(spec: spec, names: names)
            for _ in 0..<200 {
                let e = generator.example(&rng)
                for w in e.tokens + Vocabulary.words(e.record) where !vocabulary.contains(w) { missing.insert(w) }
            }
        }
        return missing.sorted()
    }

    /// The kit's vocabulary for stage 3 on: stage 2's words, the shared names and every word the
    /// benchmark can generate. Built deterministically.
    public static func vocabulary() -> Vocabulary {
        let world = SyntheticWorld()
        let corpus = world.corpus(count: 20_000, seed: 7) + names + allWords()
        return Vocabulary(corpus: corpus, sentinels: 40, reserved: [SELToken.spot, SELToken.asoc])
    }
}
