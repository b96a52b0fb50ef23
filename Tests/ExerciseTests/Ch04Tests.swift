// Chapter 4 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The oracles are the kit's own prompt hooks: T5Model.encode with an input prompt or with encoder
// prefixes, PromptLayout's slicing and parameter count. Gradients are checked by finite differences.

import Foundation
import SoftPrompts
import T5
import Tensors
import Testing
#if LPT_SOLUTIONS
import Solutions04
#else
import Exercises04
#endif

@Suite struct Ch04Tests {
    /// An odd configuration, small for test speed: d_model 16 ≠ heads·d_kv = 15, and 2 encoder but
    /// 3 decoder layers, so a count that mixes up widths or stacks comes out wrong.
    static func oddConfig() -> T5Config {
        var c = T5Config()
        c.vocabSize = 40; c.dModel = 16; c.dKV = 5; c.numHeads = 3; c.dFF = 24
        c.numLayers = 2; c.numDecoderLayers = 3
        c.relativeAttentionNumBuckets = 8; c.relativeAttentionMaxDistance = 12
        c.dropoutRate = 0
        return c
    }

    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    /// The largest |a − b| (infinite if the sizes differ): one number to print instead of two arrays.
    static func maxDiff(_ a: [Float], _ b: [Float]) -> Float {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    /// GradientCheck.check for a function that may throw (an unsolved stub): the error is rethrown.
    static func gradientCheck(_ inputs: [Tensor], _ f: () throws -> Tensor) throws -> GradientCheckResult {
        var failure: Error?
        let result = GradientCheck.check(inputs) {
            do { return try f() } catch { failure = error; return Tensor(scalar: 0) }
        }
        if let failure { throw failure }
        return result
    }

    @Test("4.1 prepend a shallow prompt")
    func ex4_1_prependPrompt() throws {
        // By hand: B = 2, S = 3, d = 2, n = 2.
        let embeddings = Tensor((0..<12).map(Float.init), shape: [2, 3, 2], requiresGrad: true)
        let prompt = Tensor([-1, -2, -3, -4], shape: [2, 2], requiresGrad: true)
        let out = try prependPrompt(prompt, to: embeddings, attentionMask: [[1, 1, 1], [1, 1, 0]])
        #expect(out.embeddings.shape == [2, 5, 2])
        #expect(out.embeddings.data == [-1, -2, -3, -4, 0, 1, 2, 3, 4, 5, -1, -2, -3, -4, 6, 7, 8, 9, 10, 11])
        #expect(out.attentionMask == [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])

        // Gradients: the prompt gets the upstream gradient of positions 0..<n summed over the
        // batch; the embeddings get the rest, row by row.
        var rng = SeededGenerator(seed: 41)
        let w = Tensor.uniform([2, 5, 2], low: -1, high: 1, rng: &rng)
        (out.embeddings * w).sum().backward()
        #expect(Self.close(prompt.grad ?? [], (0..<4).map { w.data[$0] + w.data[10 + $0] }, 1e-6))
        #expect(Self.close(embeddings.grad ?? [], Array(w.data[4..<10] + w.data[14..<20]), 1e-6))
        // And by finite differences, on a batch of three (a square makes the loss non-linear).
        let p = Tensor.normal([3, 4], std: 1, rng: &rng), e = Tensor.normal([3, 2, 4], std: 1, rng: &rng)
        let v = Tensor.normal([3, 5, 4], std: 1, rng: &rng)
        let check = try Self.gradientCheck([p, e]) {
            let joined = try prependPrompt(p, to: e, attentionMask: [[1, 1], [1, 1], [1, 0]]).embeddings
            return (joined * joined * v).sum()
        }
        #expect(check.passes() && check.maxAnalytic > 0.1, "max relative error \(check.maxRelativeError)")

        // Against the model: a prompt made of the embeddings of two words must act exactly like
        // writing those words in front of every input.
        let model = T5Model(config: .testSize(vocabularySize: 20), seed: 3)   // small for test speed
        let ids = [[5, 9, 12, 1], [7, 3, 1, 0]], mask = [[1, 1, 1, 1], [1, 1, 1, 0]]
        let words = [11, 4]
        let wordPrompt = model.shared.gather(words)                           // [2, d_model]
        let mine = try prependPrompt(wordPrompt, to: model.shared.gather(ids.flatMap { $0 }, indexShape: [2, 4]),
                                     attentionMask: mask)
        let sameRows = mine.embeddings.data == model.shared.gather(ids.flatMap { words + $0 }, indexShape: [2, 6]).data
        #expect(sameRows, "the prompted embeddings differ from the embeddings of the words written in front")
        // T5Model.encode with the same vectors as its input prompt: the key mask it builds is ours,
        // and its output is the encoder's output on the written words under our mask.
        let hooked = model.encode(ids, attentionMask: mask, prompts: PromptInputs(inputPrompt: wordPrompt))
        #expect(hooked.keyMask?.data == mine.attentionMask.flatMap { $0.map { $0 == 1 ? 0 : -Float.greatestFiniteMagnitude } })
        let written = model.encode(ids.map { words + $0 }, attentionMask: mine.attentionMask)
        let difference = Self.maxDiff(hooked.hidden.data, written.hidden.data)
        #expect(difference < 1e-5, "encoder outputs differ by up to \(difference)")
    }

    /// softmax([q·pkᵀ | q·kᵀ + bias])·[pv; v] with plain loops, for one head.
    static func loopAttention(q: [Float], k: [Float], v: [Float], bias: [Float], pk: [Float], pv: [Float],
                              sq: Int, sk: Int, n: Int, d: Int) -> [Float] {
        var out = [Float](repeating: 0, count: sq * d)
        for i in 0..<sq {
            func dot(_ keys: [Float], _ j: Int) -> Float { (0..<d).reduce(0) { $0 + q[i * d + $1] * keys[j * d + $1] } }
            let scores = (0..<n).map { dot(pk, $0) } + (0..<sk).map { dot(k, $0) + bias[i * sk + $0] }
            let top = scores.max()!, exps = scores.map { exp($0 - top) }, total = exps.reduce(0, +)
            for (j, e) in exps.enumerated() {
                for c in 0..<d { out[i * d + c] += e / total * (j < n ? pv[j * d + c] : v[(j - n) * d + c]) }
            }
        }
        return out
    }

    @Test("4.2 attention with a key/value prefix")
    func ex4_2_prefixAttention() throws {
        func t(_ value: Float) -> Tensor { Tensor([value], shape: [1, 1]) }
        // By hand: scores [ln 2 | 0] give weights 2/3 and 1/3, so 2/3·3 + 1/3·6 = 4.
        let one = try prefixAttention(query: t(1), key: t(0), value: t(6), bias: t(0), prefixKey: t(log(2)), prefixValue: t(3))
        #expect(one.shape == [1, 1] && abs(one.data[0] - 4) < 1e-5, "\(one.data)")
        // A masked sequence column leaves the prefix column alone: all the weight goes to it.
        let masked = try prefixAttention(query: t(1), key: t(0), value: t(6), bias: t(-Float.greatestFiniteMagnitude),
                                         prefixKey: t(log(2)), prefixValue: t(3))
        #expect(abs(masked.data[0] - 3) < 1e-5, "\(masked.data)")

        // Seeded random heads against plain loops; n = Sk in half of them, where adding the bias
        // to the prefix columns would go unnoticed by the shapes.
        var rng = SeededGenerator(seed: 42)
        for (sq, sk, n, d) in [(2, 3, 3, 4), (3, 4, 2, 3), (1, 2, 5, 2), (4, 4, 4, 2)] {
            func r(_ shape: [Int]) -> Tensor { Tensor.normal(shape, std: 1, rng: &rng) }
            let (q, k, v, bias, pk, pv) = (r([sq, d]), r([sk, d]), r([sk, d]), r([sq, sk]), r([n, d]), r([n, d]))
            let mine = try prefixAttention(query: q, key: k, value: v, bias: bias, prefixKey: pk, prefixValue: pv)
            let loops = Self.loopAttention(q: q.data, k: k.data, v: v.data, bias: bias.data, pk: pk.data, pv: pv.data,
                                           sq: sq, sk: sk, n: n, d: d)
            #expect(mine.shape == [sq, d] && Self.close(mine.data, loops, 1e-5), "Sq \(sq) Sk \(sk) n \(n)")
            let w = r([sq, d])
            let check = try Self.gradientCheck([q, k, v, bias, pk, pv]) {
                (try prefixAttention(query: q, key: k, value: v, bias: bias, prefixKey: pk, prefixValue: pv) * w).sum()
            }
            #expect(check.passes() && check.maxAnalytic > 0.01, "max relative error \(check.maxRelativeError)")
        }

        // Against the kit's Attention: the encoder block of a small model with a deep prompt,
        // rebuilt around prefixAttention head by head, equals the block output encode traces.
        let config = T5Config.testSize(vocabularySize: 20)   // small for test speed: 1 + 1 layers, 4 heads of 8
        let model = T5Model(config: config, seed: 5)
        let layout = PromptLayout(.deep, for: config, length: 3)
        let prompt = Tensor.normal(layout.shape, std: 0.5, rng: &rng)
        let prefix = try #require(layout.inputs(prompt).encoderPrefixes?.first)
        let ids = [[5, 9, 12, 7, 1], [3, 17, 1, 0, 0]], mask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]
        var traced: [String: Tensor] = [:]
        _ = model.encode(ids, attentionMask: mask, prompts: layout.inputs(prompt)) { name, value in traced[name] = value }
        let embeddings = try #require(traced["encoder.embeddings"]), positionBias = try #require(traced["encoder.position_bias"])
        let expected = try #require(traced["encoder.block.0.output"])
        let (block, s, d, dKV, eps) = (model.encoder[0], 5, config.dModel, config.dKV, config.layerNormEpsilon)
        let attention = block.selfAttention, wi = try #require(block.feedForward.wi)
        var rows: [Float] = []
        for b in 0..<2 {
            let x = embeddings.slice(axis: 0, b..<(b + 1)).reshaped([s, d])
            let normed = x.rmsNorm(weight: block.selfAttentionNorm, eps: eps)
            let (q, k, v) = (normed.matmul(attention.q, transposeOther: true), normed.matmul(attention.k, transposeOther: true),
                             normed.matmul(attention.v, transposeOther: true))                 // [S, heads·dKV]
            let padding = Tensor(mask[b].map { $0 == 1 ? 0 : -Float.greatestFiniteMagnitude }, shape: [1, s])
            let heads = try (0..<config.numHeads).map { h in
                let columns = (h * dKV)..<((h + 1) * dKV)
                return try prefixAttention(query: q.slice(axis: 1, columns), key: k.slice(axis: 1, columns),
                                           value: v.slice(axis: 1, columns),
                                           bias: positionBias.slice(axis: 0, h..<(h + 1)).reshaped([s, s]) + padding,
                                           prefixKey: prefix.key.slice(axis: 1, columns),
                                           prefixValue: prefix.value.slice(axis: 1, columns))
            }
            let h = x + Tensor.concat(heads, axis: 1).matmul(attention.o, transposeOther: true)
            let ff = h.rmsNorm(weight: block.feedForwardNorm, eps: eps).matmul(wi, transposeOther: true).relu()
            rows += (h + ff.matmul(block.feedForward.wo, transposeOther: true)).data
        }
        let difference = Self.maxDiff(rows, expected.data)
        #expect(difference < 1e-4, "the rebuilt block differs from the encoder's by up to \(difference)")
    }

    @Test("4.3 cut a deep prompt into per-layer prefixes")
    func ex4_3_splitDeepPrompt() throws {
        // By hand: 2 layers, n 3, width 4, entries numbered 0, 1, 2, ….
        let counted = try splitDeepPrompt(Tensor((0..<48).map(Float.init), shape: [2, 2, 3, 4]))
        #expect(counted.count == 2)
        #expect(counted.first?.key.data == (0..<12).map(Float.init) && counted.first?.value.data.first == 12)
        #expect(counted.last?.key.data.first == 24 && counted.last?.value.data == (36..<48).map(Float.init))
        #expect(counted.allSatisfy { $0.key.shape == [3, 4] && $0.value.shape == [3, 4] })

        // Against PromptLayout.inputs on the odd configuration: 5 layers, width 15.
        let layout = PromptLayout(.deep, for: Self.oddConfig(), length: 4)
        var rng = SeededGenerator(seed: 43)
        let prompt = Tensor.normal(layout.shape, std: 1, rng: &rng, requiresGrad: true)
        let mine = try splitDeepPrompt(prompt)
        let inputs = layout.inputs(prompt)
        let library = (inputs.encoderPrefixes ?? []) + (inputs.decoderPrefixes ?? [])
        #expect(mine.count == 5 && library.count == 5)
        for (l, (a, b)) in zip(mine, library).enumerated() {
            #expect(a.key.shape == b.key.shape && a.key.data == b.key.data, "layer \(l) key")
            #expect(a.value.shape == b.value.shape && a.value.data == b.value.data, "layer \(l) value")
        }
        // Gradients: a different weight on every piece. The prompt's gradient is those weights in
        // layout order (layer 0 key, layer 0 value, layer 1 key, …), as it is through the library.
        let weights = (0..<10).map { _ in Tensor.normal([4, 15], std: 1, rng: &rng) }
        func loss(_ pieces: [(key: Tensor, value: Tensor)]) -> Tensor {
            var total = Tensor(scalar: 0)
            for (l, piece) in pieces.enumerated() {
                total = total + (piece.key * weights[2 * l]).sum() + (piece.value * weights[2 * l + 1]).sum()
            }
            return total
        }
        loss(mine).backward()
        let mineGrad = prompt.grad
        prompt.grad = nil
        loss(library.map { ($0.key, $0.value) }).backward()
        let inLayoutOrder = mineGrad == weights.flatMap(\.data), asLibrary = mineGrad == prompt.grad
        #expect(inLayoutOrder && asLibrary,
                "the prompt's gradient is \(mineGrad == nil ? "missing" : "not the pieces' weights in layout order")")
    }

    @Test("4.4 count what a prompt trains")
    func ex4_4_promptParameterCounts() throws {
        // The kit backbone's shapes with a 2,663-word vocabulary, length 20. N = 1,260,160 is
        // T5Model(config: kit).parameterCount; building that model here would slow a debug test run.
        let kit = T5Config.kitBackbone(vocabularySize: 2663)
        let counts = try promptParameterCounts(config: kit, length: 20, backboneParameters: 1_260_160)
        #expect(counts.shallow == 2_560 && counts.deep == 20_480)
        #expect(abs(counts.shallowPercent - 0.2031488) < 1e-6 && abs(counts.deepPercent - 1.6251905) < 1e-6)

        // Against PromptLayout and a real model's parameter count: the odd configuration (d_model ≠
        // heads·d_kv, 2 + 3 layers), the test size, and a 3 + 1 variant of it.
        var deepDecoder = T5Config.testSize(vocabularySize: 30)
        deepDecoder.numLayers = 3; deepDecoder.numDecoderLayers = 1
        for (config, length) in [(Self.oddConfig(), 4), (T5Config.testSize(vocabularySize: 20), 7), (deepDecoder, 2)] {
            let n = T5Model(config: config, seed: 1).parameterCount
            let mine = try promptParameterCounts(config: config, length: length, backboneParameters: n)
            let (shallow, deep) = (PromptLayout(.shallow, for: config, length: length), PromptLayout(.deep, for: config, length: length))
            #expect(mine.shallow == shallow.parameterCount && mine.deep == deep.parameterCount,
                    "\(config.numLayers)+\(config.decoderLayers) layers: \(mine.shallow), \(mine.deep)")
            #expect(abs(mine.shallowPercent - 100 * Double(shallow.parameterCount) / Double(n)) < 1e-12)
            #expect(abs(mine.deepPercent - 100 * Double(deep.parameterCount) / Double(n)) < 1e-12)
        }
    }
}
