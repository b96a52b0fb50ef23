// Saving and loading a lottery prompt's learned state: θ as safetensors, each task's mask as a
// packed bit file, and a manifest naming them in learning order. Every file is written
// atomically and the manifest last, so an interrupted save leaves the previous state readable.

import Foundation
import SoftPrompts
import T5
import Tensors

public enum LotteryStoreError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)
    case malformed(path: String, reason: String)
    /// The folder holds a run made with other settings; `differences` reads "--train 16 (now 32)".
    case settingsChanged(path: String, differences: [String])
    public var description: String {
        switch self {
        case .missing(let p): return "\(p): missing"
        case .malformed(let p, let r): return "\(p): \(r)"
        case .settingsChanged(let p, let d):
            return "\(p) holds a run made with other settings: \(d.joined(separator: ", ")); rerun with the saved settings to resume, "
                + "or delete the folder or choose another --checkpoints folder to start afresh"
        }
    }
}

struct LotteryManifest: Codable, Equatable {
    let layout: PromptLayout
    let options: LotteryOptions
    let tasks: [String]
    /// Each task's prompt length (absent in states written before expansion existed: all equal).
    let lengths: [Int]?
}

extension LotteryPrompt {
    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Safetensors.write(["prompt": StoredTensor(floats: values.data, shape: layout.shape)],
                              to: folder.appendingPathComponent("prompt.safetensors"))
        for (i, entry) in masks.enumerated() {
            try AtomicWrite.write(entry.mask.fileData, to: folder.appendingPathComponent(LotteryPrompt.maskFile(i, entry.task)))
        }
        let manifest = LotteryManifest(layout: layout, options: options, tasks: masks.map(\.task), lengths: lengths)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicWrite.write(encoder.encode(manifest), to: folder.appendingPathComponent("manifest.json"))
    }

    static func maskFile(_ index: Int, _ task: String) -> String { String(format: "mask-%02d-%@.bits", index + 1, task) }

    /// Restores what `save` wrote: θ, the masks and their union. The scores start fresh.
    public func load(from folder: URL) throws {
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: manifestURL) else { throw LotteryStoreError.missing(path: manifestURL.path) }
        guard let manifest = try? JSONDecoder().decode(LotteryManifest.self, from: data) else {
            throw LotteryStoreError.malformed(path: manifestURL.path, reason: "not a lottery manifest (layout, options, tasks)")
        }
        guard manifest.layout.withLength(layout.length) == layout, manifest.layout.length >= layout.length else {
            throw LotteryStoreError.malformed(path: manifestURL.path, reason: "prompt layout \(manifest.layout.shape) differs from this run's \(layout.shape)")
        }
        let lengths = manifest.lengths ?? manifest.tasks.map { _ in manifest.layout.length }
        guard lengths.count == manifest.tasks.count, lengths.allSatisfy({ $0 <= manifest.layout.length }) else {
            throw LotteryStoreError.malformed(path: manifestURL.path, reason: "per-task prompt lengths do not match its tasks")
        }
        let layout = manifest.layout   // an expanded state is loaded at its own length
        let promptURL = folder.appendingPathComponent("prompt.safetensors")
        // θ must be finite floats of the saved layout; an integer or NaN prompt is refused here
        // rather than showing up later as a zero F1 or a NaN loss.
        let floats: [Float]
        do { floats = try Safetensors.finiteFloats("prompt", in: Safetensors.read(promptURL), count: layout.parameterCount).get() } catch let defect as TensorDefect {
            throw LotteryStoreError.malformed(path: promptURL.path, reason: defect.description)
        }
        var loaded: [(String, PromptMask)] = []
        for (i, task) in manifest.tasks.enumerated() {
            let url = folder.appendingPathComponent(LotteryPrompt.maskFile(i, task))
            guard let bytes = try? Data(contentsOf: url) else { throw LotteryStoreError.missing(path: url.path) }
            let mask = try PromptMask(fileData: bytes, path: url.path)
            guard mask.count == layout.parameterCount else {
                throw LotteryStoreError.malformed(path: url.path, reason: "mask covers \(mask.count) entries, the prompt has \(layout.parameterCount)")
            }
            loaded.append((task, mask))
        }
        resize(to: layout)
        values.data = floats
        restore(masks: loaded, lengths: lengths)
    }
}
