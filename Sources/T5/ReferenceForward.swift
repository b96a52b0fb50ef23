// One forward (and backward) pass on a batch given as JSON, with every output a comparison with
// another implementation needs: logits, loss, parameter gradients, and the same for an input
// prompt on the frozen model. Used by `lpt t5 forward` and by the golden-fixture tests.

import Foundation
import Tensors

/// A batch as the reference takes it: lists of lists of token ids.
public struct T5Batch: Codable, Sendable {
    public var inputIDs: [[Int]]
    public var attentionMask: [[Int]]?
    public var labels: [[Int]]
    public var decoderInputIDs: [[Int]]?

    enum CodingKeys: String, CodingKey {
        case inputIDs = "input_ids", attentionMask = "attention_mask", labels, decoderInputIDs = "decoder_input_ids"
    }

    public init(inputIDs: [[Int]], attentionMask: [[Int]]? = nil, labels: [[Int]], decoderInputIDs: [[Int]]? = nil) {
        (self.inputIDs, self.attentionMask, self.labels, self.decoderInputIDs) = (inputIDs, attentionMask, labels, decoderInputIDs)
    }

    /// Reads a batch file; a missing or mistyped field is an error naming the file and field.
    public static func load(_ url: URL) throws -> T5Batch {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw T5ConfigError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        do { return try JSONDecoder().decode(T5Batch.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw T5ConfigError.invalid(path: url.path, field: key.stringValue, reason: "missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            throw T5ConfigError.invalid(path: url.path, field: field, reason: "expected lists of lists of integers")
        } catch {
            throw T5ConfigError.invalid(path: url.path, field: "(json)", reason: "\(error)")
        }
    }
}

extension T5Model {
    /// Logits, loss and (optionally) every weight's gradient; with a prompt [n, d], also the
    /// frozen-model prompt outputs. Names follow `lpt t5 forward`'s output file.
    public func referenceForward(_ batch: T5Batch, withGradients: Bool, prompt: Tensor? = nil) throws -> [String: StoredTensor] {
        try validate(batch.inputIDs, field: "input_ids")
        try validate(batch.labels, field: "labels", allowIgnore: true)
        if let mask = batch.attentionMask {
            try validate(mask, field: "attention_mask")
            guard mask.count == batch.inputIDs.count, mask.first?.count == batch.inputIDs.first?.count else {
                throw T5Error.raggedBatch(field: "attention_mask", row: 0, length: mask.first?.count ?? 0,
                                          expected: batch.inputIDs.first?.count ?? 0)
            }
        }
        let decoderIDs = batch.decoderInputIDs ?? shiftRight(batch.labels)
        try validate(decoderIDs, field: "decoder_input_ids")
        var out: [String: StoredTensor] = [:]
        func run(_ prompts: PromptInputs) throws -> (logits: Tensor, loss: Tensor) {
            let encoded = encode(batch.inputIDs, attentionMask: batch.attentionMask, prompts: prompts)
            let logits = decode(decoderIDs, encoder: encoded, prompts: prompts)
            return (logits, try loss(logits: logits, labels: batch.labels))
        }
        setFrozen(!withGradients)
        for p in parameters { p.grad = nil }
        let plain = try run(.none)
        if withGradients {
            plain.loss.backward()
            for (name, t) in namedParameters() {
                out["grad.\(name)"] = StoredTensor(floats: t.grad ?? [Float](repeating: 0, count: t.count), shape: t.shape)
            }
        }
        out["logits"] = StoredTensor(floats: plain.logits.data, shape: plain.logits.shape)
        out["loss"] = StoredTensor(floats: [plain.loss.item], shape: [])
        if let prompt {
            setFrozen(true)
            let trainable = Tensor(prompt.data, shape: prompt.shape, requiresGrad: true)
            let prompted = try run(PromptInputs(inputPrompt: trainable))
            prompted.loss.backward()
            out["prompt.logits"] = StoredTensor(floats: prompted.logits.data, shape: prompted.logits.shape)
            out["prompt.loss"] = StoredTensor(floats: [prompted.loss.item], shape: [])
            out["prompt.grad"] = StoredTensor(floats: trainable.grad!, shape: prompt.shape)
        }
        return out
    }
}
