// The kit's T5 against the reference implementation (HuggingFace transformers, PyTorch, Float32),
// on committed fixtures made by tools/fixtures/make_t5_fixtures.py: odd sizes (d 32, 4 heads of 6,
// 2 encoder and 3 decoder blocks, 16 buckets), a padded example, labels ending in -100, both
// feed-forward variants, tied and untied heads. The llm.c pattern: compare at a stated tolerance
// and print the max difference either way.
// Tolerances (relative = max|a-b| / max|b|): activations and logits 1e-4, loss 1e-5,
// gradients 1e-3.

import Foundation
import Testing
import Tensors
import T5

func fixtureFolder(_ name: String) -> URL {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
}

/// max|a - b| / max|b| (max|b| floored at 1e-12 so an all-zero reference still compares).
func relativeDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "sizes differ: \(a.count) vs \(b.count)")
    let diff = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    return diff / max(b.map(abs).max() ?? 0, 1e-12)
}

@Suite struct GoldenFixtureTests {
    static let fixtures = ["relu-tied", "gated-untied"]

    func load(_ name: String) throws -> (model: T5Model, golden: [String: StoredTensor], batch: T5Batch) {
        let folder = fixtureFolder(name)
        return (try T5Model(checkpoint: folder), try Safetensors.read(folder.appendingPathComponent("golden.safetensors")),
                try T5Batch.load(folder.appendingPathComponent("batch.json")))
    }

    func expectClose(_ name: String, _ mine: [Float], _ theirs: StoredTensor?, tolerance: Float) {
        guard let theirs else { Issue.record("golden file lacks \(name)"); return }
        let d = relativeDifference(mine, theirs.asFloats)
        print("golden \(name): max relative difference \(d) (tolerance \(tolerance))")
        #expect(d <= tolerance, "\(name): relative difference \(d) > \(tolerance)")
    }

    @Test("the bucket tables equal the reference's", arguments: fixtures)
    func buckets(fixture: String) throws {
        let (model, golden, batch) = try load(fixture)
        let s = batch.inputIDs[0].count, t = batch.labels[0].count
        #expect(RelativePosition.buckets(queries: s, keys: s, bidirectional: true, config: model.config)
                == golden["buckets.bidirectional"]?.asIntegers)
        #expect(RelativePosition.buckets(queries: t, keys: t, bidirectional: false, config: model.config)
                == golden["buckets.unidirectional"]?.asIntegers)
    }

    @Test("every block output, the logits and the loss match the reference", arguments: fixtures)
    func activations(fixture: String) throws {
        let (model, golden, batch) = try load(fixture)
        var traced: [String: Tensor] = [:]
        let record: Trace = { name, value in traced[name] = value }
        let logits = withNoGrad { () -> Tensor in
            let encoded = model.encode(batch.inputIDs, attentionMask: batch.attentionMask, trace: record)
            return model.decode(model.shiftRight(batch.labels), encoder: encoded, trace: record)
        }
        #expect(model.shiftRight(batch.labels) == golden["decoder_input_ids"]?.asIntegers.chunked(batch.labels[0].count))
        var names = ["encoder.embeddings", "encoder.output", "decoder.output"]
        names += (0..<model.config.numLayers).map { "encoder.block.\($0).output" }
        names += (0..<model.config.decoderLayers).map { "decoder.block.\($0).output" }
        for name in names { expectClose(name, traced[name]?.data ?? [], golden[name], tolerance: 1e-4) }
        expectClose("logits", logits.data, golden["logits"], tolerance: 1e-4)
        let loss = try model.loss(logits: logits, labels: batch.labels)
        expectClose("loss", [loss.item], golden["loss"], tolerance: 1e-5)
    }

    @Test("every weight's gradient and the prompt's gradient match the reference", arguments: fixtures)
    func gradients(fixture: String) throws {
        let (model, golden, batch) = try load(fixture)
        let promptFile = try Safetensors.read(fixtureFolder(fixture).appendingPathComponent("prompt.safetensors"))["prompt"]!
        let outputs = try model.referenceForward(batch, withGradients: true,
                                                 prompt: Tensor(promptFile.asFloats, shape: promptFile.shape))
        let gradientNames = outputs.keys.filter { $0.hasPrefix("grad.") }.sorted()
        #expect(gradientNames.count == model.namedParameters().count)
        var worst: Float = 0
        for name in gradientNames {
            guard let theirs = golden[name] else { Issue.record("golden file lacks \(name)"); continue }
            let d = relativeDifference(outputs[name]!.asFloats, theirs.asFloats)
            worst = max(worst, d)
            #expect(d <= 1e-3, "\(name): relative difference \(d)")
        }
        print("golden \(fixture): worst weight-gradient relative difference \(worst) over \(gradientNames.count) weights (tolerance 1e-3)")
        expectClose("prompt.logits", outputs["prompt.logits"]!.asFloats, golden["prompt.logits"], tolerance: 1e-4)
        expectClose("prompt.loss", outputs["prompt.loss"]!.asFloats, golden["prompt.loss"], tolerance: 1e-5)
        expectClose("prompt.grad", outputs["prompt.grad"]!.asFloats, golden["prompt.grad"], tolerance: 1e-3)
    }

    @Test("greedy decoding gives the reference's tokens", arguments: fixtures)
    func generation(fixture: String) throws {
        let (model, golden, batch) = try load(fixture)
        guard let expected = golden["generate.ids"] else { Issue.record("no generate.ids"); return }
        let steps = expected.shape[1] - 1
        let mine = model.greedyDecode(batch.inputIDs, attentionMask: batch.attentionMask, maxNewTokens: steps)
        #expect(mine.flatMap { $0 + Array(repeating: 0, count: expected.shape[1] - $0.count) } == expected.asIntegers)
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
