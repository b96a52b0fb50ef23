// The T5 model on tiny random configurations: cached decoding equals uncached decoding,
// checkpoints round-trip and fail loudly when damaged, prompt hooks pass gradients.

import Foundation
import Testing
import Tensors
import T5

/// A deliberately odd tiny configuration (small for test speed; d ≠ heads·dKV on purpose).
func tinyConfig(gated: Bool = false) -> T5Config {
    var c = T5Config()
    c.vocabSize = 40; c.dModel = 16; c.dKV = 5; c.numHeads = 3; c.dFF = 24
    c.numLayers = 2; c.numDecoderLayers = 3
    c.relativeAttentionNumBuckets = 8; c.relativeAttentionMaxDistance = 12
    c.dropoutRate = 0; c.feedForwardProj = gated ? "gated-gelu" : "relu"
    return c
}

func temporaryFolder(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lpt-\(name)-\(UUID().uuidString)")
}

@Suite struct T5ModelTests {
    let ids = [[5, 9, 12, 7, 1, 0], [3, 30, 22, 1, 0, 0]]
    let mask = [[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 0, 0]]

    @Test("greedy decoding with the key/value cache gives exactly the tokens of decoding without it",
          arguments: [false, true])
    func cacheMatchesFullDecoding(gated: Bool) {
        let model = T5Model(config: tinyConfig(gated: gated), seed: 3, tied: !gated)
        let cached = model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 10)
        let full = model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 10, useCache: false)
        #expect(cached == full)
        #expect(cached.allSatisfy { $0.first == 0 && $0.count >= 2 })
    }

    @Test("a checkpoint round-trips: same logits after save and load")
    func checkpointRoundTrip() throws {
        let folder = temporaryFolder("ckpt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = T5Model(config: tinyConfig(gated: true), seed: 4, tied: false)
        try model.save(to: folder)
        let loaded = try T5Model(checkpoint: folder)
        #expect(loaded.lmHead != nil)
        let a = withNoGrad { model.decode([[0, 4, 5]], encoder: model.encode([[7, 8, 1]])) }
        let b = withNoGrad { loaded.decode([[0, 4, 5]], encoder: loaded.encode([[7, 8, 1]])) }
        #expect(a.data == b.data)
    }

    @Test("damaged checkpoints are clear errors naming the tensor or byte offset")
    func damagedCheckpoints() throws {
        let folder = temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = T5Model(config: tinyConfig(), seed: 5)
        try model.save(to: folder)
        let file = folder.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: file)
        // Truncated data.
        try bytes.prefix(bytes.count - 100).write(to: file)
        #expect(throws: SafetensorsError.self) { try T5Model(checkpoint: folder) }
        do { _ = try T5Model(checkpoint: folder) } catch { #expect("\(error)".contains("truncated")) }
        // Header length beyond the file.
        try Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0]).write(to: file)
        do { _ = try T5Model(checkpoint: folder); Issue.record("no error") } catch { #expect("\(error)".contains("byte 0")) }
        // Malformed JSON header.
        try (Data([5, 0, 0, 0, 0, 0, 0, 0]) + Data("{oops".utf8)).write(to: file)
        do { _ = try T5Model(checkpoint: folder); Issue.record("no error") } catch { #expect("\(error)".contains("malformed JSON header")) }
        // A missing tensor is named.
        var stored = [String: StoredTensor]()
        for (name, t) in model.namedParameters() where name != "encoder.final_layer_norm.weight" {
            stored[name] = StoredTensor(floats: t.data, shape: t.shape)
        }
        try Safetensors.write(stored, to: file)
        do { _ = try T5Model(checkpoint: folder); Issue.record("no error") } catch {
            #expect("\(error)".contains("missing tensor 'encoder.final_layer_norm.weight'"))
        }
        // A shape that disagrees with the config is named.
        stored["encoder.final_layer_norm.weight"] = StoredTensor(floats: [1, 2], shape: [2])
        try Safetensors.write(stored, to: file)
        do { _ = try T5Model(checkpoint: folder); Issue.record("no error") } catch {
            #expect("\(error)".contains("'encoder.final_layer_norm.weight' has shape [2], expected [16]"))
        }
    }

    @Test("F16 and BF16 tensors are converted to Float32 on load")
    func halfPrecision() throws {
        let folder = temporaryFolder("half")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Hand-built file: F16 [1.5, -2] and BF16 [3.0].
        let header = #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]}}"#
        var file = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(Data(header.utf8))
        file.append(contentsOf: [0x00, 0x3E, 0x00, 0xC0, 0x40, 0x40])
        let url = folder.appendingPathComponent("h.safetensors")
        try file.write(to: url)
        let tensors = try Safetensors.read(url)
        #expect(tensors["a"]?.floats == [1.5, -2])
        #expect(tensors["b"]?.floats == [3])
    }

    @Test("an unsupported feed-forward variant is rejected, naming the field")
    func badConfig() throws {
        var c = tinyConfig()
        c.feedForwardProj = "gated-silu"
        #expect(throws: T5ConfigError.self) { try c.check() }
    }

    @Test("a frozen model passes gradients to an input prompt and to deep prefixes only")
    func promptGradients() throws {
        let config = tinyConfig()
        let model = T5Model(config: config, seed: 6)
        model.setFrozen(true)
        var rng = SeededGenerator(seed: 7)
        let prompt = Tensor.normal([2, config.dModel], std: 0.5, rng: &rng, requiresGrad: true)
        let prefixes = (0..<config.numLayers).map { _ in
            AttentionPrefix(key: Tensor.normal([2, config.innerDim], std: 0.5, rng: &rng, requiresGrad: true),
                            value: Tensor.normal([2, config.innerDim], std: 0.5, rng: &rng, requiresGrad: true))
        }
        let prompts = PromptInputs(inputPrompt: prompt, encoderPrefixes: prefixes)
        let labels = [[4, 6, 1], [8, 1, -100]]
        let lossOf = { () -> Tensor in
            let encoded = model.encode(ids, attentionMask: mask, prompts: prompts)
            return try! model.loss(logits: model.decode(model.shiftRight(labels), encoder: encoded), labels: labels)
        }
        let check = GradientCheck.check([prompt, prefixes[1].key, prefixes[0].value], epsilon: 1e-2, lossOf)
        #expect(check.passes(tolerance: 1e-2), "max relative error \(check.maxRelativeError)")
        #expect(check.maxAnalytic > 1e-4)
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }
}

@Suite struct T5GradientTests {
    @Test("finite differences agree with backward for every parameter of a tiny T5", arguments: [false, true])
    func everyParameter(gated: Bool) throws {
        let model = T5Model(config: tinyConfig(gated: gated), seed: 8, tied: !gated)
        let ids = [[5, 9, 12, 7, 1, 0], [3, 30, 22, 1, 0, 0]], mask = [[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 0, 0]]
        let labels = [[4, 6, 1], [8, 1, -100]]
        let named = model.namedParameters()
        for (name, parameter) in named {
            let result = GradientCheck.check([parameter], epsilon: 1e-2, samplesPerInput: 6) {
                let encoded = model.encode(ids, attentionMask: mask)
                return try! model.loss(logits: model.decode(model.shiftRight(labels), encoder: encoded), labels: labels)
            }
            #expect(result.checked >= 6)
            #expect(result.passes(tolerance: 1e-2), "\(name): max relative error \(result.maxRelativeError)")
        }
        #expect(named.count == (gated ? 66 : 60))   // as many as the reference checkpoints hold
    }
}

@Suite struct T5MaskTests {
    @Test("the decoder is causal: changing a later decoder token leaves earlier logits unchanged")
    func causalDecoder() {
        let model = T5Model(config: tinyConfig(), seed: 9)
        let encoded = withNoGrad { model.encode([[5, 6, 7, 1]]) }
        let a = withNoGrad { model.decode([[0, 11, 12, 13]], encoder: encoded) }   // [1, 4, vocab]
        let b = withNoGrad { model.decode([[0, 11, 12, 30]], encoder: encoded) }
        let v = model.config.vocabSize
        #expect(a.shape == [1, 4, v])
        #expect(Array(a.data[0..<(3 * v)]) == Array(b.data[0..<(3 * v)]))   // positions 0-2 cannot see position 3
        #expect(Array(a.data[(3 * v)...]) != Array(b.data[(3 * v)...]))
    }

    @Test("padding is invisible: a padded example gives the logits of its unpadded self")
    func paddingMask() {
        let model = T5Model(config: tinyConfig(), seed: 10)
        let padded = withNoGrad { model.decode([[0, 4, 5]], encoder: model.encode([[7, 8, 9, 1, 0, 0]], attentionMask: [[1, 1, 1, 1, 0, 0]])) }
        let plain = withNoGrad { model.decode([[0, 4, 5]], encoder: model.encode([[7, 8, 9, 1]])) }
        #expect(padded.shape == plain.shape)
        let diff = zip(padded.data, plain.data).map { abs($0 - $1) }.max()!
        #expect(diff < 1e-5, "max difference \(diff)")
    }
}
