import Foundation
import Testing
import T5
import Tensors
@testable import SEL

/// The committed tiny-UIE backbone: intact, loadable with stage 2's loader, built for the kit's
/// vocabulary, and still extracting on its pretraining pool.
@Suite struct ShippedBackboneTests {
    @Test func checksumsMatchAndStageTwoLoadsIt() throws {
        let folder = Backbone.shippedFolder
        #expect(try Backbone.verifyChecksums(in: folder).isEmpty)
        let model = try T5Model(checkpoint: folder)
        #expect(model.config.dropoutRate == 0)
        #expect(model.config.dModel == 128 && model.config.numLayers == 2 && model.config.decoderLayers == 2)
        // Its vocabulary is the one the benchmark generator needs, token for token.
        let vocabulary = try Vocabulary.load(folder.appendingPathComponent("vocabulary.txt"))
        #expect(vocabulary == Benchmark.vocabulary())
        #expect(model.config.vocabSize == vocabulary.count)
    }

    /// Chapter 8's second backbone (width 96, seed 12), shipped beside the first so that the
    /// projector study need not pretrain it: intact, the kit's vocabulary, the shape it claims.
    @Test func theSecondBackboneIsIntact() throws {
        let folder = Backbone.shippedFolder.deletingLastPathComponent().appendingPathComponent("second-96")
        #expect(try Backbone.verifyChecksums(in: folder).isEmpty)
        let model = try T5Model(checkpoint: folder)
        #expect(model.config.dModel == 96 && model.config.numHeads == 4 && model.config.dFF == 384)
        #expect(model.config.numLayers == 2 && model.config.decoderLayers == 2)
        #expect(try Vocabulary.load(folder.appendingPathComponent("vocabulary.txt")) == Benchmark.vocabulary())
    }

    @Test func aDamagedFileIsNamed() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-backbone-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: Backbone.shippedFolder, to: copy)
        let weights = copy.appendingPathComponent("model.safetensors")
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: weights)
        #expect(try Backbone.verifyChecksums(in: copy) == ["model.safetensors"])
        #expect(throws: BackboneError.self) { _ = try Backbone.load(from: copy) }
    }

    @Test func itStillExtractsOnItsPool() throws {
        let (model, vocabulary) = try Backbone.load()
        let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
        var total = 0.0
        for data in Backbone.poolEvaluation() {
            let examples = Array(data.test.prefix(16))
            total += try evaluator.evaluate(examples, schemas: data.spec.schemas, strategy: data.spec.strategy,
                                            constrained: true).headlineF1(kind: data.spec.kind)
        }
        let mean = total / Double(Benchmark.pool.count)
        #expect(mean >= Backbone.regressionFloorF1, "pool mean F1 \(mean) on 16 test sentences per task")
    }

    @Test("decoding drops finished sentences from the batch and still writes exactly the tokens of full decoding")
    func finishedRowsLeaveTheBatch() throws {
        let (model, vocabulary) = try Backbone.load()
        let encoder = SELEncoder(vocabulary: vocabulary)
        let data = Backbone.poolEvaluation()[0]
        let prefix = SchemaPrompt(recordSchema: data.spec.schemas.record).evaluationPrefix()
        let batch = SELEncoder.batch(sources: data.test.prefix(12).map { encoder.source(prefix: prefix, text: $0.text) }, targets: [[0]])
        let cached = model.greedyDecode(batch.inputIDs, attentionMask: batch.attentionMask, maxNewTokens: 64)
        let full = model.greedyDecode(batch.inputIDs, attentionMask: batch.attentionMask, maxNewTokens: 64, useCache: false)
        #expect(cached == full)
        // The rows end at different steps, so the cached run really did shrink its batch.
        let ends = Set(cached.map { $0.firstIndex(of: Vocabulary.eos) ?? $0.count })
        #expect(ends.count > 1, "every row ended at the same step: \(ends)")
    }
}

/// The build ships the checkpoint as a resource bundle beside the products, and that copy is what
/// the kit loads: the same files as the committed Sources/SEL/Backbone/tiny-uie.
@Suite struct BackboneResourceTests {
    @Test func theLoadedCheckpointIsTheBundledCopyOfTheCommittedOne() throws {
        let bundled = Backbone.shippedCandidates[0]
        let source = Backbone.shippedCandidates.last!
        #expect(source.path.hasSuffix("Sources/SEL/Backbone/tiny-uie"))
        #expect(FileManager.default.fileExists(atPath: bundled.appendingPathComponent("config.json").path),
                "no resource bundle at \(bundled.path); is SEL's resources entry in Package.swift?")
        if ProcessInfo.processInfo.environment["LPT_BACKBONE"] == nil {
            #expect(Backbone.shippedFolder == bundled)
        }
        for name in Backbone.shippedFiles + ["SHA256SUMS"] {
            #expect(try Data(contentsOf: bundled.appendingPathComponent(name)) == Data(contentsOf: source.appendingPathComponent(name)), "\(name) differs")
        }
        #expect(Backbone.isShipped(bundled) && Backbone.isShipped(source))
    }
}
