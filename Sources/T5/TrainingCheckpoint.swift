// One checkpoint format for every trainer in the kit (chapter 2): model, vocabulary, Adam's
// moments, the step counters, the per-step losses and the options, written into
// `folder/checkpoint` as one unit. Stage 2's Pretrainer and stage 3's BackboneTrainer both use it.

import Foundation
import Tensors

public enum TrainingCheckpoint {
    // snippet.checkpoint-swap
    /// Writes model, vocabulary, optimizer state and history into `folder/checkpoint` as one
    /// unit: everything goes to a fresh folder first, which then replaces the old one by renames.
    public static func save<Options: Encodable>(model: T5Model, vocabulary: Vocabulary, optimizer: Adam, step: Int,
                                                losses: [Float], options: Options, to folder: URL) throws {
        let fm = FileManager.default
        let staging = folder.appendingPathComponent("checkpoint.staging")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        try model.save(to: staging)
        try vocabulary.save(staging.appendingPathComponent("vocabulary.txt"))
        var state: [String: StoredTensor] = [
            "step": StoredTensor(integers: [step, optimizer.stepCount], shape: [2]),
            "losses": StoredTensor(floats: losses, shape: [losses.count]),
        ]
        for (i, (name, t)) in model.namedParameters().enumerated() {
            state["adam.m.\(name)"] = StoredTensor(floats: optimizer.m[i], shape: t.shape)
            state["adam.v.\(name)"] = StoredTensor(floats: optimizer.v[i], shape: t.shape)
        }
        try Safetensors.write(state, to: staging.appendingPathComponent("trainer.safetensors"))
        try AtomicWrite.write(JSONEncoder().encode(options), to: staging.appendingPathComponent("options.json"))
        let current = folder.appendingPathComponent("checkpoint"), old = folder.appendingPathComponent("checkpoint.old")
        try? fm.removeItem(at: old)
        if fm.fileExists(atPath: current.path) { try fm.moveItem(at: current, to: old) }
        try fm.moveItem(at: staging, to: current)
        try? fm.removeItem(at: old)
    }
    // snippet.end

    /// Restores what `save` wrote in `folder` (or in the previous checkpoint if a crash
    /// interrupted the swap) into `model` and `optimizer`, after checking that it was made with
    /// `options` and the same model shapes. Returns the step and losses, or nil when there is
    /// nothing to resume.
    public static func restore<Options: Codable & Equatable>(from folder: URL, model: T5Model, optimizer: Adam,
                                                             options: Options) throws -> (step: Int, losses: [Float])? {
        let fm = FileManager.default
        var checkpoint = folder.appendingPathComponent("checkpoint")
        if !fm.fileExists(atPath: checkpoint.path) { checkpoint = folder.appendingPathComponent("checkpoint.old") }
        guard fm.fileExists(atPath: checkpoint.path) else { return nil }
        let optionsFile = checkpoint.appendingPathComponent("options.json")
        guard let saved = try? JSONDecoder().decode(Options.self, from: Data(contentsOf: optionsFile)) else {
            throw PretrainingError.corruptCheckpoint(path: optionsFile.path, reason: "options.json missing or malformed")
        }
        guard saved == options else { throw PretrainingError.optionsDiffer(path: checkpoint.path) }
        let loaded = try T5Model(checkpoint: checkpoint)
        guard loaded.config.dModel == model.config.dModel, loaded.config.vocabSize == model.config.vocabSize,
              loaded.namedParameters().map(\.tensor.shape) == model.namedParameters().map(\.tensor.shape) else {
            throw PretrainingError.corruptCheckpoint(path: checkpoint.path,
                reason: "its model (d_model \(loaded.config.dModel), \(loaded.parameterCount) parameters) differs from this run's "
                      + "(d_model \(model.config.dModel), \(model.parameterCount) parameters); use another --output folder")
        }
        let stateFile = checkpoint.appendingPathComponent("trainer.safetensors")
        let state = try Safetensors.read(stateFile)
        // Adam's moments and the losses must be finite floats of the right size: an integer or
        // NaN moment would be taken as is and poison every step after the resume.
        func floats(_ name: String, count: Int) throws -> [Float] {
            do { return try Safetensors.finiteFloats(name, in: state, count: count).get() } catch {
                throw PretrainingError.corruptCheckpoint(path: stateFile.path, reason: "\(error)")
            }
        }
        guard let counters = state["step"]?.integers, counters.count == 2, counters.allSatisfy({ $0 >= 0 }) else {
            throw PretrainingError.corruptCheckpoint(path: stateFile.path, reason: "tensor 'step' missing or not two non-negative integers")
        }
        var moments: [(m: [Float], v: [Float])] = []
        for (name, mine) in model.namedParameters() {
            moments.append((try floats("adam.m.\(name)", count: mine.count), try floats("adam.v.\(name)", count: mine.count)))
        }
        let losses = try floats("losses", count: counters[0])
        // Only a fully checked state touches the model and optimizer.
        for (i, ((_, mine), (_, theirs))) in zip(model.namedParameters(), loaded.namedParameters()).enumerated() {
            mine.data = theirs.data
            (optimizer.m[i], optimizer.v[i]) = moments[i]
        }
        optimizer.stepCount = counters[1]
        return (counters[0], losses)
    }
}
