// `lpt t5 …`: stage 2's cross-implementation commands. `lpt t5 forward` runs one batch through a
// checkpoint and writes logits, loss and gradients as safetensors, for comparison with any other
// T5 implementation (e.g. HuggingFace's) on the same files.

import ArgumentParser
import Foundation
import T5
import Tensors

struct T5Group: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "t5", abstract: "Stage 2 tools: run a T5 checkpoint on a batch.",
        subcommands: [T5Forward.self])
}

struct T5Forward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Write logits, loss (and gradients) of a checkpoint on a JSON batch to safetensors.",
        discussion: """
            The batch file holds input_ids, optional attention_mask, labels (-100 = ignored) and optional \
            decoder_input_ids (default: labels shifted right, start token 0, -100 → 0), each a list of lists \
            of integers. The output holds `logits` [batch, target, vocab] and `loss` []; with --grads also \
            `grad.<name>` for every weight (reference names); with --prompt (a safetensors file with a \
            `prompt` [n, d_model]) also `prompt.logits`, `prompt.loss` and `prompt.grad` computed with the \
            prompt prepended to the encoder input embeddings and the model frozen.
            """)

    @Option(help: "Folder with config.json and model.safetensors.")
    var checkpoint: String

    @Option(help: "JSON batch file.")
    var batch: String

    @Option(help: "Output safetensors file.")
    var out: String

    @Flag(help: "Also write the gradient of every weight.")
    var grads = false

    @Option(help: "Safetensors file holding a tensor `prompt` [n, d_model].")
    var prompt: String?

    func run() throws {
        let model = try T5Model(checkpoint: URL(fileURLWithPath: checkpoint))
        let input = try T5Batch.load(URL(fileURLWithPath: batch))
        var promptTensor: Tensor?
        if let prompt {
            let url = URL(fileURLWithPath: prompt)
            guard let stored = try Safetensors.read(url)["prompt"] else {
                throw SafetensorsError.missingTensor(path: url.path, tensor: "prompt")
            }
            guard stored.shape.count == 2, stored.shape[1] == model.config.dModel else {
                throw SafetensorsError.wrongShape(path: url.path, tensor: "prompt", expected: [stored.shape.first ?? 1, model.config.dModel],
                                                  found: stored.shape)
            }
            promptTensor = Tensor(stored.asFloats, shape: stored.shape)
        }
        let outputs = try model.referenceForward(input, withGradients: grads, prompt: promptTensor)
        try Safetensors.write(outputs, to: URL(fileURLWithPath: out))
        let logits = outputs["logits"]!
        print("wrote \(out): logits \(logits.shape), loss \(outputs["loss"]!.asFloats[0])"
              + (grads ? ", \(outputs.keys.filter { $0.hasPrefix("grad.") }.count) gradients" : "")
              + (promptTensor != nil ? ", prompt loss \(outputs["prompt.loss"]!.asFloats[0])" : ""))
    }
}
