// A saved lottery state whose θ was damaged after saving (integers or a NaN): loading must refuse
// it with an error naming the file and the tensor.

import Foundation
import LotteryMasks
import SoftPrompts
import T5
import Testing

@Suite struct PromptTensorTests {
    @Test("a lottery state whose prompt holds integers or a NaN is refused, naming the file and tensor 'prompt'")
    func damagedPromptNamed() throws {
        let folder = temporaryFolder("lottery-tensor")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = T5Model(config: T5Config.testSize(vocabularySize: 50), seed: 1)
        let layout = PromptLayout(.deep, for: model.config, length: 4)
        let lottery = LotteryPrompt(layout: layout, model: model)
        lottery.finishTask("a")
        try lottery.save(to: folder)
        let file = folder.appendingPathComponent("prompt.safetensors")

        try Safetensors.write(["prompt": StoredTensor(integers: Array(repeating: 0, count: layout.parameterCount), shape: layout.shape)], to: file)
        #expect { try LotteryPrompt(layout: layout, model: model).load(from: folder) } throws: { error in
            guard case LotteryStoreError.malformed(let path, _) = error else { return false }
            return path == file.path && "\(error)".contains("tensor 'prompt'") && "\(error)".contains("integers")
        }

        var values = lottery.values.data
        values[0] = .infinity
        try Safetensors.write(["prompt": StoredTensor(floats: values, shape: layout.shape)], to: file)
        #expect { try LotteryPrompt(layout: layout, model: model).load(from: folder) } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("tensor 'prompt'") && "\(error)".contains("inf")
        }
    }
}
