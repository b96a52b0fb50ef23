// `lpt t5 …`: stage 2's cross-implementation commands. `lpt t5 forward` runs one batch through a
// checkpoint and writes logits, loss and gradients as safetensors, for comparison with any other
// T5 implementation (e.g. HuggingFace's) on the same files.

import ArgumentParser
import CommandSupport
import Diagrams
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

    func validate() throws {
        try checkPath(checkpoint, "--checkpoint")
        try checkPath(batch, "--batch")
        try checkOutputFile(out, "--out")
        try checkPath(prompt, "--prompt")
    }

    func run() throws {
        let model = try T5Model(checkpoint: URL(fileURLWithPath: checkpoint))
        let input = try T5Batch.load(URL(fileURLWithPath: batch))
        try BatchShape.check(input, path: batch)
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
            guard stored.shape[0] > 0 else {
                throw BatchShape.Problem(path: url.path, field: "prompt", reason: "has no rows; a prompt needs at least one position")
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

/// The shape rules of a batch file, checked before the model sees it: the model's own checks
/// cover ragged rows and token ranges, not empty batches and rows or mismatched row counts, which
/// would otherwise trap deep inside a matrix product.
enum BatchShape {
    struct Problem: Error, CustomStringConvertible {
        let path: String, field: String, reason: String
        var description: String { "\(path): \(field) \(reason)" }
    }

    static func check(_ batch: T5Batch, path: String) throws {
        func fail(_ field: String, _ reason: String) -> Problem { Problem(path: path, field: field, reason: reason) }
        /// Throws unless `rows` has `count` rows (when given) of one nonzero length; returns it.
        @discardableResult
        func rectangle(_ rows: [[Int]], _ field: String, rows count: Int? = nil, width: Int? = nil) throws -> Int {
            guard !rows.isEmpty else { throw fail(field, "is empty; a batch needs at least one row") }
            if let count, rows.count != count { throw fail(field, "has \(rows.count) rows, expected \(count) (one per input_ids row)") }
            let expected = width ?? rows[0].count
            for (r, row) in rows.enumerated() {
                if row.isEmpty { throw fail("\(field)[\(r)]", "is empty; every row needs at least one token") }
                if row.count != expected { throw fail("\(field)[\(r)]", "has \(row.count) entries, expected \(expected)") }
            }
            return expected
        }
        let inputWidth = try rectangle(batch.inputIDs, "input_ids")
        let labelWidth = try rectangle(batch.labels, "labels", rows: batch.inputIDs.count)
        if let mask = batch.attentionMask {
            try rectangle(mask, "attention_mask", rows: batch.inputIDs.count, width: inputWidth)
            for (r, row) in mask.enumerated() {
                if let bad = row.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                    throw fail("attention_mask[\(r)][\(bad)]", "is \(row[bad]); the mask holds 0 or 1")
                }
                if !row.contains(1) { throw fail("attention_mask[\(r)]", "masks every token; a row needs at least one visible token") }
            }
        }
        if let decoder = batch.decoderInputIDs {
            try rectangle(decoder, "decoder_input_ids", rows: batch.inputIDs.count, width: labelWidth)
        }
    }
}
