// Chapter 9's experiment kept in a folder, so that a long run (`lpt tpt`) resumes where it was
// stopped: the settings, the source stage (bank and the two multi-task prompts) and one small
// file per finished target run. A rerun with other settings is refused, naming what changed;
// only the lists of targets, arms and seeds may change, since every run file is named by them.

import Diagrams
import Foundation

/// What a study folder keeps of the source stage.
struct SavedStage: Codable {
    let bank: [Float], bankSize: Int, width: Int
    let sharedPrompt: [Float], plainPrompt: [Float]
    let bankDevF1: Double, plainDevF1: Double, seconds: Double
    let centres: [String: [Float]]
}

public struct TokenPromptFolder {
    public let url: URL

    /// Claims `url` (one writer at a time) and records `options` there, or checks them against
    /// the ones recorded by an earlier run.
    public init(_ url: URL, options: TokenPromptOptions, backbone: String) throws {
        self.url = url
        try OutputFolder.claim(url)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("runs"), withIntermediateDirectories: true)
        try checkOrRecord(options, backbone: backbone)
    }

    struct Settings: Codable, Equatable { var options: TokenPromptOptions; var backbone: String }

    func checkOrRecord(_ options: TokenPromptOptions, backbone: String) throws {
        let file = url.appendingPathComponent("settings.json")
        let now = Settings(options: options, backbone: backbone)
        if FileManager.default.fileExists(atPath: file.path) {
            guard let data = try? Data(contentsOf: file), let saved = try? JSONDecoder().decode(Settings.self, from: data) else {
                throw TokenPromptError.malformedFile(path: file.path, reason: "not the settings a chapter 9 study writes")
            }
            // Which targets, arms and seeds to run may change: each run has a file of its own.
            var comparable = saved
            (comparable.options.targets, comparable.options.arms, comparable.options.seeds) = (options.targets, options.arms, options.seeds)
            guard comparable != now else { return }
            throw TokenPromptError.settingsChanged(path: url.path, fields: try Self.differences(comparable, now))
        }
        try write(now, to: file)
    }

    /// The top-level fields whose JSON differs, as "name old (now new)".
    static func differences(_ saved: Settings, _ now: Settings) throws -> [String] {
        func fields(_ s: Settings) throws -> [String: String] {
            let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(s.options)) as? [String: Any] ?? [:]
            var out = object.mapValues { value -> String in
                guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return "\(value)" }
                return String(decoding: data, as: UTF8.self)
            }
            out["backbone"] = s.backbone
            return out
        }
        let (old, new) = (try fields(saved), try fields(now))
        let names = Set(old.keys).union(new.keys).sorted()
        let changed = names.filter { old[$0] != new[$0] }.map { "\($0) \(old[$0] ?? "–") (now \(new[$0] ?? "–"))" }
        return changed.isEmpty ? ["(unrecognised difference)"] : changed
    }

    func write<T: Encodable>(_ value: T, to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try SafeFile.write(encoder.encode(value), to: file)
    }

    func read<T: Decodable>(_ type: T.Type, from file: URL) throws -> T? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        guard let data = try? Data(contentsOf: file), let value = try? JSONDecoder().decode(type, from: data) else {
            throw TokenPromptError.malformedFile(path: file.path, reason: "unreadable; delete it and that part is run again")
        }
        return value
    }

    var stageFile: URL { url.appendingPathComponent("source-stage.json") }

    func stage() throws -> SourceStage? {
        guard let saved = try read(SavedStage.self, from: stageFile) else { return nil }
        guard saved.bank.count == saved.bankSize * saved.width else {
            throw TokenPromptError.malformedFile(path: stageFile.path, reason: "the bank holds \(saved.bank.count) values, not \(saved.bankSize) × \(saved.width)")
        }
        return SourceStage(bank: PromptBank(values: saved.bank, size: saved.bankSize, width: saved.width),
                           sharedPrompt: saved.sharedPrompt, plainPrompt: saved.plainPrompt,
                           bankDevF1: saved.bankDevF1, plainDevF1: saved.plainDevF1, seconds: saved.seconds,
                           centres: Dictionary(uniqueKeysWithValues: saved.centres.compactMap { key, value in
                               QueryPooling(rawValue: key).map { ($0, value) }
                           }))
    }

    func save(_ stage: SourceStage) throws {
        try write(SavedStage(bank: stage.bank.values.data, bankSize: stage.bank.size, width: stage.bank.width,
                             sharedPrompt: stage.sharedPrompt, plainPrompt: stage.plainPrompt,
                             bankDevF1: stage.bankDevF1, plainDevF1: stage.plainDevF1, seconds: stage.seconds,
                             centres: Dictionary(uniqueKeysWithValues: stage.centres.map { ($0.key.rawValue, $0.value) })), to: stageFile)
    }

    public func runFile(target: String, arm: TargetArm, seed: UInt64) -> URL {
        url.appendingPathComponent("runs/\(target)-\(arm.rawValue)-\(seed).json")
    }
    public func score(target: String, arm: TargetArm, seed: UInt64) throws -> ArmScore? {
        try read(ArmScore.self, from: runFile(target: target, arm: arm, seed: seed))
    }
    public func save(_ score: ArmScore) throws {
        try write(score, to: runFile(target: score.target, arm: score.arm, seed: score.seed))
    }
}
