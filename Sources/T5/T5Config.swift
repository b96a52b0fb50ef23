// T5's configuration, read from and written to the reference's config.json (chapter 2).
// Field names follow HuggingFace's T5Config so a checkpoint written there loads here.

import Foundation

public enum T5ConfigError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case invalid(path: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): cannot read config (\(r))"
        case .invalid(let p, let f, let r): return "\(p): field '\(f)': \(r)"
        }
    }
}

public struct T5Config: Codable, Equatable, Sendable {
    public var vocabSize = 32128
    public var dModel = 512
    public var dKV = 64
    public var dFF = 2048
    public var numLayers = 6
    public var numDecoderLayers: Int?
    public var numHeads = 8
    public var relativeAttentionNumBuckets = 32
    public var relativeAttentionMaxDistance = 128
    public var dropoutRate: Float = 0.1
    public var layerNormEpsilon: Float = 1e-6
    public var feedForwardProj = "relu"
    public var padTokenID = 0
    public var eosTokenID = 1
    public var decoderStartTokenID = 0
    public var tieWordEmbeddings: Bool?
    public var scaleDecoderOutputs: Bool?

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", dModel = "d_model", dKV = "d_kv", dFF = "d_ff"
        case numLayers = "num_layers", numDecoderLayers = "num_decoder_layers", numHeads = "num_heads"
        case relativeAttentionNumBuckets = "relative_attention_num_buckets"
        case relativeAttentionMaxDistance = "relative_attention_max_distance"
        case dropoutRate = "dropout_rate", layerNormEpsilon = "layer_norm_epsilon"
        case feedForwardProj = "feed_forward_proj", padTokenID = "pad_token_id", eosTokenID = "eos_token_id"
        case decoderStartTokenID = "decoder_start_token_id", tieWordEmbeddings = "tie_word_embeddings"
        case scaleDecoderOutputs = "scale_decoder_outputs"
    }

    public init() {}

    /// Missing fields take T5Config's defaults; unknown fields are ignored.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func field<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        let d = T5Config()
        vocabSize = try field(.vocabSize, d.vocabSize); dModel = try field(.dModel, d.dModel)
        dKV = try field(.dKV, d.dKV); dFF = try field(.dFF, d.dFF)
        numLayers = try field(.numLayers, d.numLayers)
        numDecoderLayers = try c.decodeIfPresent(Int.self, forKey: .numDecoderLayers)
        numHeads = try field(.numHeads, d.numHeads)
        relativeAttentionNumBuckets = try field(.relativeAttentionNumBuckets, d.relativeAttentionNumBuckets)
        relativeAttentionMaxDistance = try field(.relativeAttentionMaxDistance, d.relativeAttentionMaxDistance)
        dropoutRate = try field(.dropoutRate, d.dropoutRate)
        layerNormEpsilon = try field(.layerNormEpsilon, d.layerNormEpsilon)
        feedForwardProj = try field(.feedForwardProj, d.feedForwardProj)
        padTokenID = try field(.padTokenID, d.padTokenID); eosTokenID = try field(.eosTokenID, d.eosTokenID)
        decoderStartTokenID = try field(.decoderStartTokenID, d.decoderStartTokenID)
        tieWordEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings)
        scaleDecoderOutputs = try c.decodeIfPresent(Bool.self, forKey: .scaleDecoderOutputs)
    }

    public var decoderLayers: Int { numDecoderLayers ?? numLayers }
    public var innerDim: Int { numHeads * dKV }
    /// Gated GELU (T5 v1.1) or plain ReLU (original T5); validated by `check`.
    public var isGated: Bool { feedForwardProj == "gated-gelu" }
    /// The loader rule (Hugging Face's T5 scales when the embeddings are tied): scale the decoder output by d^-1/2 before the head
    /// unless the config says otherwise (scale_decoder_outputs, else tie_word_embeddings, else yes).
    public var scalesDecoderOutput: Bool { scaleDecoderOutputs ?? tieWordEmbeddings ?? true }

    /// Upper bounds on the sizes a config.json may state. They sit far above any model the kit
    /// trains (d_model 128, 2 layers) and above public T5 checkpoints (t5-11b: d_ff 65,536, 128
    /// heads, 24 layers, vocab 32,128), yet keep a hostile or mistyped file from asking for a
    /// model that cannot be allocated or built in any reasonable time.
    public static let limits: [(field: String, maximum: Int)] = [
        ("vocab_size", 1_000_000), ("d_model", 65_536), ("d_kv", 65_536), ("d_ff", 262_144),
        ("num_heads", 1_024), ("num_layers", 256), ("num_decoder_layers", 256),
        ("relative_attention_num_buckets", 1_024), ("relative_attention_max_distance", 1 << 20),
    ]

    /// Rejects configurations the kit cannot run, naming the field.
    public func check(path: String = "config.json") throws {
        func fail(_ f: String, _ r: String) -> T5ConfigError { .invalid(path: path, field: f, reason: r) }
        guard feedForwardProj == "relu" || feedForwardProj == "gated-gelu" else {
            throw fail("feed_forward_proj", "'\(feedForwardProj)' is not supported; use 'relu' or 'gated-gelu'")
        }
        let values = ["vocab_size": vocabSize, "d_model": dModel, "d_kv": dKV, "d_ff": dFF, "num_heads": numHeads,
                      "num_layers": numLayers, "num_decoder_layers": decoderLayers,
                      "relative_attention_num_buckets": relativeAttentionNumBuckets,
                      "relative_attention_max_distance": relativeAttentionMaxDistance]
        for (name, maximum) in T5Config.limits {
            let value = values[name] ?? 0
            guard value > 0 else { throw fail(name, "must be positive, is \(value)") }
            guard value <= maximum else { throw fail(name, "\(value) exceeds the kit's limit of \(maximum)") }
        }
        // The bucket formula halves the buckets (bidirectional), then halves again for the exact
        // range; fewer than 4 leaves no exact bucket and divides by zero. Its logarithmic part
        // divides by log(max_distance / exact), so max_distance must exceed the exact range.
        guard relativeAttentionNumBuckets >= 4 else {
            throw fail("relative_attention_num_buckets", "must be at least 4, is \(relativeAttentionNumBuckets)")
        }
        guard relativeAttentionMaxDistance > relativeAttentionNumBuckets / 2 else {
            throw fail("relative_attention_max_distance",
                       "must exceed half of relative_attention_num_buckets (\(relativeAttentionNumBuckets / 2)), is \(relativeAttentionMaxDistance)")
        }
        // Token ids index the embedding rows; one outside the vocabulary would read past them.
        for (name, id) in [("pad_token_id", padTokenID), ("eos_token_id", eosTokenID),
                           ("decoder_start_token_id", decoderStartTokenID)] where !(0..<vocabSize).contains(id) {
            throw fail(name, "\(id) is not a token id of a vocabulary of \(vocabSize) (0..<\(vocabSize))")
        }
        guard dropoutRate >= 0 && dropoutRate < 1 else { throw fail("dropout_rate", "must be in [0, 1)") }
        guard layerNormEpsilon.isFinite && layerNormEpsilon >= 0 else {
            throw fail("layer_norm_epsilon", "must be finite and not negative, is \(layerNormEpsilon)")
        }
    }

    public static func load(_ url: URL) throws -> T5Config {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw T5ConfigError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode(data, path: url.path)
    }

    /// Decodes and checks config.json's bytes; `path` names them in errors.
    public static func decode(_ data: Data, path: String) throws -> T5Config {
        let config: T5Config
        do { config = try JSONDecoder().decode(T5Config.self, from: data) } catch let error as DecodingError {
            throw T5ConfigError.invalid(path: path, field: field(of: error), reason: reason(of: error))
        } catch {
            throw T5ConfigError.invalid(path: path, field: "(json)", reason: "\(error)")
        }
        try config.check(path: path)
        return config
    }

    /// The JSON key a decoding error is about ("(json)" when the file is not JSON at all).
    static func field(of error: DecodingError) -> String {
        let context: DecodingError.Context?
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        case .keyNotFound(let key, let c): return (c.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        @unknown default: context = nil
        }
        let path = context?.codingPath.map(\.stringValue).joined(separator: ".") ?? ""
        return path.isEmpty ? "(json)" : path
    }

    static func reason(of error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let c): return "expected \(type) (\(c.debugDescription))"
        case .valueNotFound(let type, let c): return "expected \(type), found null (\(c.debugDescription))"
        case .keyNotFound(_, let c): return c.debugDescription
        case .dataCorrupted(let c): return c.underlyingError.map { "\(c.debugDescription): \($0)" } ?? c.debugDescription
        @unknown default: return "\(error)"
        }
    }

    public func save(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var object = try JSONSerialization.jsonObject(with: encoder.encode(self)) as! [String: Any]
        object["model_type"] = "t5"
        object["is_encoder_decoder"] = true
        object["dense_act_fn"] = isGated ? "gelu_new" : "relu"
        object["is_gated_act"] = isGated
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try AtomicWrite.write(data, to: url)
    }
}
