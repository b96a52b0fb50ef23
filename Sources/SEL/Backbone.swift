// Where the shipped tiny-UIE backbone lives and which sentences it must never train on
// (chapter 3). The checkpoint is committed under Sources/SEL/Backbone/tiny-uie with a SHA-256
// list and shipped as a SwiftPM resource of this target; `lpt backbone train` reproduces it and
// `lpt backbone eval` prints its F1 figures.

import Foundation
import T5

public enum Backbone {
    /// The shipped checkpoint folder; LPT_BACKBONE overrides it. Otherwise the first of
    /// `shippedCandidates` that holds a config.json (the last one when none does, so loading it
    /// fails with an error naming that folder).
    public static var shippedFolder: URL {
        if let path = ProcessInfo.processInfo.environment["LPT_BACKBONE"] { return URL(fileURLWithPath: path) }
        let candidates = shippedCandidates
        let fm = FileManager.default
        return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent("config.json").path) } ?? candidates.last!
    }

    /// Where the shipped checkpoint may be, in order: the resource bundle SwiftPM builds beside
    /// the executable (it travels with a copied `lpt`), then the source tree it was built from.
    /// The bundle is looked up by name rather than through `Bundle.module`, whose generated
    /// accessor stops the process with fatalError when the bundle is missing.
    public static var shippedCandidates: [URL] {
        let beside = Bundle.main.bundleURL
        let inBundle = [beside.appendingPathComponent("lpt-kit_SEL.resources"),                        // Linux
                        beside.appendingPathComponent("lpt-kit_SEL.bundle/Contents/Resources"),        // macOS
                        beside.appendingPathComponent("lpt-kit_SEL.bundle")]
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return (inBundle + [source]).map { $0.appendingPathComponent("Backbone/tiny-uie") }
    }

    /// Whether `folder` is the shipped checkpoint (wherever it was found), so job settings name it
    /// by name and a moved checkout or an installed binary still resumes its runs.
    public static func isShipped(_ folder: URL) -> Bool {
        let path = folder.standardizedFileURL.resolvingSymlinksInPath().path
        return ([shippedFolder] + shippedCandidates).contains { $0.standardizedFileURL.resolvingSymlinksInPath().path == path }
    }

    /// The pool's evaluation splits (dev 200, test 300 per task; no train split).
    public static func poolEvaluation(seed: UInt64 = 2023) -> [TaskData] {
        Benchmark.pool.map { Benchmark.generate($0, options: BenchmarkOptions(trainSize: 0, devSize: 200, testSize: 300, seed: seed)) }
    }

    /// Every dev and test sentence of the pool and of the benchmark at default options.
    public static func heldOutTexts() -> Set<String> {
        var texts = Set<String>()
        for data in poolEvaluation() { for e in data.dev + data.test { texts.insert(e.text) } }
        for spec in Benchmark.tasks {
            let data = Benchmark.generate(spec, options: BenchmarkOptions(trainSize: 0))
            for e in data.dev + data.test { texts.insert(e.text) }
        }
        return texts
    }
}

extension Backbone {
    public static let shippedFiles = ["config.json", "model.safetensors", "vocabulary.txt"]

    /// Writes `SHA256SUMS` (sha256sum's format) for the model files in `folder`.
    public static func writeChecksums(in folder: URL) throws {
        var lines = ""
        for name in shippedFiles {
            lines += "\(SHA256.hex(try Data(contentsOf: folder.appendingPathComponent(name))))  \(name)\n"
        }
        try Data(lines.utf8).write(to: folder.appendingPathComponent("SHA256SUMS"), options: .atomic)
    }

    /// Files whose digest differs from `SHA256SUMS` (empty when the checkpoint is intact).
    public static func verifyChecksums(in folder: URL) throws -> [String] {
        let sums = try String(contentsOf: folder.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
        var bad: [String] = []
        for line in sums.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { bad.append(String(line)); continue }
            let data = try Data(contentsOf: folder.appendingPathComponent(String(parts[1])))
            if SHA256.hex(data) != parts[0] { bad.append(String(parts[1])) }
        }
        return bad
    }

    /// Loads the shipped backbone after checking its digests; a damaged file is a clear error.
    public static func load(from folder: URL = shippedFolder) throws -> (model: T5Model, vocabulary: Vocabulary) {
        let bad = try verifyChecksums(in: folder)
        guard bad.isEmpty else { throw BackboneError.checksumMismatch(folder: folder.path, files: bad) }
        return (try T5Model(checkpoint: folder), try Vocabulary.load(folder.appendingPathComponent("vocabulary.txt")))
    }
}

public enum BackboneError: Error, CustomStringConvertible {
    case checksumMismatch(folder: String, files: [String])
    public var description: String {
        switch self {
        case .checksumMismatch(let f, let files):
            return "\(f): \(files.joined(separator: ", ")) do not match SHA256SUMS; restore them with git checkout or retrain with `lpt backbone train`"
        }
    }
}

extension Backbone {
    /// The finished backbone as a shippable folder: model, vocabulary, the options and loss curve
    /// of its training (mean loss per 250 steps) and the checksums.
    public static func export(_ trainer: BackboneTrainer, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try trainer.model.save(to: folder)
        try trainer.vocabulary.save(folder.appendingPathComponent("vocabulary.txt"))
        var log = "# lpt backbone train --output DIR  (options: \(String(decoding: try JSONEncoder().encode(trainer.options), as: UTF8.self)))\nstep\tmean_loss\n"
        let losses = trainer.stepLosses
        for end in stride(from: 250, through: losses.count, by: 250) {
            let window = losses[(end - 250)..<end]
            log += "\(end)\t\(String(format: "%.4f", window.reduce(0, +) / Float(window.count)))\n"
        }
        try Data(log.utf8).write(to: folder.appendingPathComponent("training-log.tsv"), options: .atomic)
        try writeChecksums(in: folder)
    }
}

extension Backbone {
    /// A floor for the shipped backbone's constrained pool F1 on a small sample, guarding against a
    /// damaged or wrongly exported checkpoint. It sits below the measured value of the checkpoint
    /// in the repository (see chapter 3) and rises with it.
    public static let regressionFloorF1 = 90.0
}
