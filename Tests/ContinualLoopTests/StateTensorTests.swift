// A continual-learning state whose tensors were damaged after saving: one replaced by integers,
// one holding a NaN. Loading must refuse each with an error naming the file and the tensor,
// rather than train or score with garbage.

import ContinualLoop
import Foundation
import T5
import Testing

@Suite struct StateTensorTests {
    @Test("L2P state with an integer pool or a NaN key is refused, naming the file and the tensor")
    func damagedTensorsNamed() throws {
        let folder = L2PTests.folder("tensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (learner, _) = L2PTests.setup()
        try learner.save(to: folder)
        let file = folder.appendingPathComponent("l2p-pool.safetensors")
        let original = try Safetensors.read(file)

        var damaged = original
        let pool = original["pool"]!
        damaged["pool"] = StoredTensor(integers: Array(repeating: 1, count: pool.shape.reduce(1, *)), shape: pool.shape)
        try Safetensors.write(damaged, to: file)
        #expect { try learner.load(from: folder) } throws: { error in
            guard case ContinualError.malformedState(let path, _) = error else { return false }
            return path == file.path && "\(error)".contains("tensor 'pool'") && "\(error)".contains("integers")
        }

        damaged = original
        var keys = original["keys"]!.floats!
        keys[3] = .nan
        damaged["keys"] = StoredTensor(floats: keys, shape: original["keys"]!.shape)
        try Safetensors.write(damaged, to: file)
        #expect { try learner.load(from: folder) } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("tensor 'keys'") && "\(error)".contains("element 3")
        }
    }
}
