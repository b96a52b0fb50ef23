// A training checkpoint whose optimizer state was damaged after saving: an Adam moment replaced
// by integers, or holding a NaN. Resuming must refuse it, naming trainer.safetensors and the
// tensor, instead of stepping with a poisoned moment.

import Foundation
import Tensors
import T5
import Testing

@Suite struct TrainerStateTests {
    @Test("an integer or NaN Adam moment in trainer.safetensors is refused, naming the file and tensor")
    func damagedMomentNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-trainer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let vocabulary = Vocabulary(corpus: ["a b c"], sentinels: 4)
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 2)
        let optimizer = Adam(model.parameters, learningRate: 1e-3)
        let options = PretrainingOptions()
        try TrainingCheckpoint.save(model: model, vocabulary: vocabulary, optimizer: optimizer, step: 2, losses: [1, 0.5],
                                    options: options, to: folder)
        let file = folder.appendingPathComponent("checkpoint/trainer.safetensors")
        let original = try Safetensors.read(file)
        let name = "adam.m.\(model.namedParameters()[0].name)"
        let shape = original[name]!.shape

        var damaged = original
        damaged[name] = StoredTensor(integers: Array(repeating: 0, count: shape.reduce(1, *)), shape: shape)
        try Safetensors.write(damaged, to: file)
        #expect { try TrainingCheckpoint.restore(from: folder, model: model, optimizer: optimizer, options: options) } throws: { error in
            guard case PretrainingError.corruptCheckpoint(let path, _) = error else { return false }
            return path == file.path && "\(error)".contains("tensor '\(name)'") && "\(error)".contains("integers")
        }

        var values = original[name]!.floats!
        values[1] = .nan
        damaged[name] = StoredTensor(floats: values, shape: shape)
        try Safetensors.write(damaged, to: file)
        #expect { try TrainingCheckpoint.restore(from: folder, model: model, optimizer: optimizer, options: options) } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("tensor '\(name)'") && "\(error)".contains("nan")
        }
        // The undamaged state still resumes.
        try Safetensors.write(original, to: file)
        #expect(try TrainingCheckpoint.restore(from: folder, model: model, optimizer: optimizer, options: options)?.step == 2)
    }
}
