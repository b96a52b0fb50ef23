// The hostile inputs a tester found in the T5 readers, one test per defect: integer overflow in
// safetensors offsets and shapes and in the vocabulary header (defect 1), config.json sizes that
// asked for an unallocatable or endless model (defect 2), and vocabularies, special ids, weights and
// dtypes that did not fit the model (defect 3). Each must now be a typed error naming file and field.

import Foundation
import Testing
import Tensors
import T5

/// A safetensors file built by hand from a header string and data bytes.
func handMadeSafetensors(_ header: String, data: [UInt8]) -> [UInt8] {
    var file = [UInt8]()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file += $0 }
    return file + Array(header.utf8) + data
}

/// The error `body` throws, as text (records an issue when it throws nothing).
func errorText(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    Issue.record("no error thrown")
    return ""
}

/// A saved tiny checkpoint whose config.json fields are then overwritten with `edits`.
func checkpoint(edits: [String: Any] = [:], gated: Bool = false) throws -> URL {
    let folder = temporaryFolder("hardening")
    try T5Model(config: tinyConfig(gated: gated), seed: 8).save(to: folder)
    let configURL = folder.appendingPathComponent("config.json")
    var object = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as! [String: Any]
    for (key, value) in edits { object[key] = value }
    try JSONSerialization.data(withJSONObject: object).write(to: configURL)
    return folder
}

@Suite struct ReaderHardeningTests {
    // MARK: defect 1: arithmetic on numbers read from files

    @Test("data_offsets near Int.max and shapes whose element count overflows are errors naming the tensor")
    func safetensorsOverflow() throws {
        let max = "9223372036854775807"
        let cases: [(header: String, expected: String)] = [
            (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,\#(max)]}}"#, "tensor 'w' ends at data byte \(max)"),
            (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[\#(max),\#(max)]}}"#, "tensor 'w' ends at data byte \(max)"),
            (#"{"w":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,4]}}"#, "tensor 'w': shape [4294967296, 4294967296, 4] has more elements"),
            (#"{"w":{"dtype":"F32","shape":[2305843009213693952],"data_offsets":[0,4]}}"#, "tensor 'w': shape [2305843009213693952] of F32 needs more than"),
            (#"{"w":{"dtype":"F32","shape":[-1,-1],"data_offsets":[0,4]}}"#, "tensor 'w': shape [-1, -1] has a negative dimension"),
        ]
        for (header, expected) in cases {
            let text = errorText { _ = try Safetensors.read(handMadeSafetensors(header, data: [0, 0, 128, 63]), path: "x.safetensors") }
            #expect(text.hasPrefix("x.safetensors: ") && text.contains(expected), "\(text)")
        }
        // A header nested 100,000 deep is refused by the JSON parser, not a stack overflow.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(errorText { _ = try Safetensors.read(handMadeSafetensors(deep, data: []), path: "x.safetensors") }
            .hasPrefix("x.safetensors: malformed JSON header"))
        #expect(errorText { _ = try T5Config.decode(Data(deep.utf8), path: "config.json") }.hasPrefix("config.json: field '(json)'"))
        // The same file with sane numbers reads.
        let good = handMadeSafetensors(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 128, 63])
        #expect(try Safetensors.read(good, path: "x.safetensors")["w"]?.floats == [1])
    }

    @Test("a vocabulary header 'sentinels 9223372036854775807' (or negative) is an error on line 1")
    func vocabularySentinelOverflow() {
        for count in ["9223372036854775807", "-1", "5"] {
            let text = "# lpt vocabulary: sentinels \(count)\n<pad>\n</s>\n<unk>\n<extra_id_0>\nword\n"
            let message = errorText { _ = try Vocabulary.load(Data(text.utf8), path: "v.txt") }
            #expect(message.hasPrefix("v.txt:1: sentinel count \(count) does not fit"), "\(message)")
        }
        #expect(throws: VocabularyError.malformed(path: "v.txt", line: 5, reason: "expected sentinel '<extra_id_0>', found 'word'")) {
            try Vocabulary.load(Data("# lpt vocabulary: sentinels 1\n<pad>\n</s>\n<unk>\nword\n".utf8), path: "v.txt")
        }
    }

    @Test("StoredTensor.asIntegers does not trap on NaN, infinities or huge floats")
    func integersFromBadFloats() {
        #expect(StoredTensor(floats: [.nan, .infinity, 1e30, 3.7, -2], shape: [5]).asIntegers == [.min, .min, .min, 3, -2])
    }

    // MARK: defect 2: config sizes

    @Test("oversized config fields are rejected by check, naming the field", arguments: [
        ("d_model", 1_000_000_000), ("vocab_size", 1_000_000_000), ("num_heads", 1_000_000), ("num_layers", 1_000_000),
        ("num_decoder_layers", 1_000_000), ("d_ff", 1 << 40), ("d_kv", -3), ("relative_attention_num_buckets", 0),
    ])
    func oversizedConfig(field: String, value: Int) throws {
        let folder = try checkpoint(edits: [field: value])
        defer { try? FileManager.default.removeItem(at: folder) }
        let start = ContinuousClock.now
        let message = errorText { _ = try T5Model(checkpoint: folder) }
        #expect(message.contains("config.json: field '\(field)': "), "\(message)")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("a config within the limits but larger than the file fails on the header, before a model is built")
    func configLargerThanFile() throws {
        // Built as configured, this would need about 2.6e11 bytes; the file holds a few kilobytes.
        let folder = try checkpoint(edits: ["d_model": 65_536, "vocab_size": 1_000_000])
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = errorText { _ = try T5Model(checkpoint: folder) }
        #expect(message.contains("model.safetensors: tensor 'shared.weight' has shape [40, 16], expected [1000000, 65536]"), "\(message)")
        // 256 layers: the first missing block is named, without building 256 of them.
        let deep = try checkpoint(edits: ["num_layers": 256])
        defer { try? FileManager.default.removeItem(at: deep) }
        #expect(errorText { _ = try T5Model(checkpoint: deep) }.contains("missing tensor 'encoder.block.2.layer.0.SelfAttention.q.weight'"))
    }

    @Test("relative-position settings that would divide by zero in the bucket formula are rejected")
    func bucketSettings() {
        var c = tinyConfig()
        c.relativeAttentionNumBuckets = 2
        #expect(errorText { try c.check(path: "c.json") }.contains("c.json: field 'relative_attention_num_buckets': must be at least 4"))
        c.relativeAttentionNumBuckets = 32; c.relativeAttentionMaxDistance = 16
        #expect(errorText { try c.check(path: "c.json") }.contains("c.json: field 'relative_attention_max_distance'"))
    }

    @Test("a config value of the wrong JSON type names its field")
    func configTypeError() throws {
        let folder = try checkpoint(edits: ["d_model": "wide"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(errorText { _ = try T5Model(checkpoint: folder) }.contains("config.json: field 'd_model': expected"))
    }

    @Test("the shapes computed from a config are exactly the model's parameters, in order", arguments: [false, true])
    func parameterShapes(gated: Bool) {
        for tied in [true, false] {
            let model = T5Model(config: tinyConfig(gated: gated), seed: 1, tied: tied)
            let shapes = model.config.parameterShapes(tied: tied)
            #expect(shapes.map(\.name) == model.namedParameters().map(\.name))
            #expect(shapes.map(\.shape) == model.namedParameters().map(\.tensor.shape))
        }
    }

    // MARK: defect 3: vocabulary, special ids, weights and dtypes against the model

    @Test("special token ids outside the vocabulary are rejected, naming the field", arguments: [
        ("pad_token_id", -1), ("decoder_start_token_id", 99_999), ("eos_token_id", 40),
    ])
    func specialIDs(field: String, value: Int) throws {
        let folder = try checkpoint(edits: [field: value])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(errorText { _ = try T5Model(checkpoint: folder) }.contains("config.json: field '\(field)': \(value) is not a token id"))
    }

    @Test("a vocabulary beside the checkpoint must have exactly the model's vocab_size tokens")
    func vocabularySize() throws {
        let folder = try checkpoint()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vocabulary.txt")
        let words = (0..<2_000).map { "w\($0)" }
        // Longer than the model's 40 rows, then a 1,000-token vocabulary for the same model.
        for size in [41, 1_000] {
            try Vocabulary(corpus: [words.joined(separator: " ")], sentinels: 4, maxSize: size).save(url)
            let message = errorText { _ = try T5Model(checkpoint: folder) }
            #expect(message.contains("vocabulary.txt: does not fit the model's config ('vocab_size'): the vocabulary has \(size) tokens, the model has 40"), "\(message)")
        }
        try Vocabulary(corpus: [words.joined(separator: " ")], sentinels: 4, maxSize: 40).save(url)
        #expect(try T5Model(checkpoint: folder).config.vocabSize == 40)
    }

    @Test("NaN or infinite weights are rejected on load, naming the tensor and element")
    func nonFiniteWeights() throws {
        let folder = try checkpoint()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors")
        var tensors = try Safetensors.read(file)
        for bad in [Float.nan, .infinity] {
            tensors["encoder.block.0.layer.1.DenseReluDense.wo.weight"]?.floats?[7] = bad
            try Safetensors.write(tensors, to: file)
            let message = errorText { _ = try T5Model(checkpoint: folder) }
            #expect(message.contains("model.safetensors: tensor 'encoder.block.0.layer.1.DenseReluDense.wo.weight' holds \(bad) at element 7"), "\(message)")
        }
    }

    @Test("a weight declared I32 (bytes of F32 data) is rejected instead of read as integers")
    func integerDtype() throws {
        let folder = try checkpoint()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors")
        var bytes = try [UInt8](Data(contentsOf: file))
        // Same byte width, so the header stays consistent: only the dtype lies.
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
        var header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        let range = try #require(header.range(of: #""encoder.final_layer_norm.weight":{"data_offsets":"#))
        let dtype = try #require(header.range(of: #""dtype":"F32""#, range: range.upperBound..<header.endIndex))
        header.replaceSubrange(dtype, with: #""dtype":"I32""#)
        bytes.replaceSubrange(8..<(8 + headerLength), with: Array(header.utf8))
        try Data(bytes).write(to: file)
        let message = errorText { _ = try T5Model(checkpoint: folder) }
        #expect(message.contains("model.safetensors: tensor 'encoder.final_layer_norm.weight' has dtype I32; model weights must be F32, F16 or BF16"), "\(message)")
    }
}
