// Chapter 4 exercises. Built twice: against the stubs (every test must fail: `chapter-tool
// stub-check`) and, with -DLPT_SOLUTIONS, against the reference solutions (every test passes).
// The oracles are the kit's own: the embedding table (words written at an offset), T5Model.encode
// with encoder prefixes (and the gradient it sends into them), chapter 1's MLP read through
// PromptLayout's slicing, and PromptLayout's parameter count. Other gradients are checked by
// autodiff or finite differences.

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

    @Test("4.1 a shallow prompt between the schema and the sentence")
    func ex4_1_insertPrompt() throws {
        // By hand (the stub's example, d = 2): row 0 holds the prompt at position 1, row 1 at position 2.
        let embeddings = Tensor((0..<12).map(Float.init), shape: [2, 3, 2], requiresGrad: true)
        let prompt = Tensor([-1, -2], shape: [1, 2], requiresGrad: true)
        let out = try insertPrompt(prompt, into: embeddings, attentionMask: [[1, 1, 1], [1, 1, 0]], at: [1, 2])
        #expect(out.embeddings.shape == [2, 4, 2])
        #expect(out.embeddings.data == [0, 1, -1, -2, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, 10, 11], "\(out.embeddings.data)")
        #expect(out.attentionMask == [[1, 1, 1, 1], [1, 1, 1, 0]])

        // Gradients: the prompt gets the upstream gradient at row 0's position 1 plus row 1's
        // position 2; every embedding gets the gradient of the position it moved to.
        var rng = SeededGenerator(seed: 41)
        let w = Tensor.uniform([2, 4, 2], low: -1, high: 1, rng: &rng)
        (out.embeddings * w).sum().backward()
        let g = w.data
        #expect(Self.close(prompt.grad ?? [], [g[2] + g[12], g[3] + g[13]], 1e-6))
        #expect(Self.close(embeddings.grad ?? [], Array(g[0..<2] + g[4..<8] + g[8..<12] + g[14..<16]), 1e-6))

        // The ends: offset 0 is chapter 2's prepend, offset S puts the prompt after the last position.
        let ends = try insertPrompt(prompt, into: embeddings, attentionMask: [[1, 1, 1], [1, 0, 0]], at: [0, 3])
        #expect(ends.embeddings.data == [-1, -2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, -2], "\(ends.embeddings.data)")
        #expect(ends.attentionMask == [[1, 1, 1, 1], [1, 0, 0, 1]])
        // Offsets that do not fit are an error: one too far, one missing.
        #expect(throws: (any Error).self) { try insertPrompt(prompt, into: embeddings, attentionMask: [[1, 1, 1], [1, 1, 0]], at: [1, 4]) }
        #expect(throws: (any Error).self) { try insertPrompt(prompt, into: embeddings, attentionMask: [[1, 1, 1], [1, 1, 0]], at: [1]) }

        // By finite differences, on a batch of three with offsets 0, 2 and 1 (a square makes the loss non-linear).
        let p = Tensor.normal([3, 4], std: 1, rng: &rng), e = Tensor.normal([3, 2, 4], std: 1, rng: &rng)
        let v = Tensor.normal([3, 5, 4], std: 1, rng: &rng)
        let check = try Self.gradientCheck([p, e]) {
            let joined = try insertPrompt(p, into: e, attentionMask: [[1, 1], [1, 1], [1, 0]], at: [0, 2, 1]).embeddings
            return (joined * joined * v).sum()
        }
        #expect(check.passes() && check.maxAnalytic > 0.1, "max relative error \(check.maxRelativeError)")

        // Against the model's own embeddings: a prompt made of the embeddings of two words must give
        // exactly the embeddings of those words written into each input at its offset, and the mask
        // of that input.
        let model = T5Model(config: .testSize(vocabularySize: 20), seed: 3)   // small for test speed
        let ids = [[5, 9, 12, 1], [7, 3, 1, 0]], mask = [[1, 1, 1, 1], [1, 1, 1, 0]]
        let words = [11, 4], offsets = [2, 1]
        let mine = try insertPrompt(model.shared.gather(words), into: model.shared.gather(ids.flatMap { $0 }, indexShape: [2, 4]),
                                    attentionMask: mask, at: offsets)
        let written = zip(ids, offsets).map { row, o in Array(row[..<o]) + words + Array(row[o...]) }
        #expect(mine.embeddings.data == model.shared.gather(written.flatMap { $0 }, indexShape: [2, 6]).data,
                "the prompted embeddings differ from the embeddings of the words written at each offset")
        #expect(mine.attentionMask == [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0]])
    }

    /// The prefix's gradients by autodiff, for one head: softmax([q·pkᵀ | q·kᵀ + bias])·[pv; v],
    /// weighted by g and summed, run backward into fresh copies of pk and pv.
    static func autodiffPrefixGradients(q: Tensor, k: Tensor, v: Tensor, bias: Tensor, pk: Tensor, pv: Tensor,
                                        outputGrad g: Tensor) -> (key: [Float], value: [Float]) {
        let pk = Tensor(pk.data, shape: pk.shape, requiresGrad: true), pv = Tensor(pv.data, shape: pv.shape, requiresGrad: true)
        let scores = Tensor.concat([q.matmul(pk, transposeOther: true), q.matmul(k, transposeOther: true) + bias], axis: 1)
        (scores.softmax().matmul(Tensor.concat([pv, v], axis: 0)) * g).sum().backward()
        return (pk.grad ?? [], pv.grad ?? [])
    }

    @Test("4.2 the gradient that reaches a prefix")
    func ex4_2_prefixGradients() throws {
        func t(_ value: Float) -> Tensor { Tensor([value], shape: [1, 1]) }
        // By hand: weights 2/3 and 1/3 on the values 3 and 6, output 4. The prefix value moves the
        // output by its weight, 2/3; a larger prefix key shifts weight toward the smaller value: −2/3.
        let one = try prefixGradients(query: t(1), key: t(0), value: t(6), bias: t(0), prefixKey: t(log(2)),
                                      prefixValue: t(3), outputGrad: t(1))
        #expect(one.key.shape == [1, 1] && one.value.shape == [1, 1])
        #expect(abs(one.value.data[0] - 2.0 / 3) < 1e-5 && abs(one.key.data[0] + 2.0 / 3) < 1e-5,
                "key \(one.key.data), value \(one.value.data)")
        // A masked sequence column: the one prefix slot takes all the weight, so its value gets the
        // whole output gradient and its key none (a softmax with one live column cannot move).
        let masked = try prefixGradients(query: t(1), key: t(0), value: t(6), bias: t(-Float.greatestFiniteMagnitude),
                                         prefixKey: t(log(2)), prefixValue: t(3), outputGrad: t(1))
        #expect(abs(masked.value.data[0] - 1) < 1e-5 && abs(masked.key.data[0]) < 1e-5,
                "key \(masked.key.data), value \(masked.value.data)")

        // Seeded random heads against autodiff; n = Sk in half of them, and one has a masked column.
        var rng = SeededGenerator(seed: 42)
        for (sq, sk, n, d) in [(2, 3, 3, 4), (3, 4, 2, 3), (1, 2, 5, 2), (4, 4, 4, 2)] {
            func r(_ shape: [Int]) -> Tensor { Tensor.normal(shape, std: 1, rng: &rng, requiresGrad: true) }
            let (q, k, v, bias, pk, pv, g) = (r([sq, d]), r([sk, d]), r([sk, d]), r([sq, sk]), r([n, d]), r([n, d]), r([sq, d]))
            if sq == 3 { for i in 0..<sq { bias.data[i * sk + 1] = -Float.greatestFiniteMagnitude } }
            let mine = try prefixGradients(query: q, key: k, value: v, bias: bias, prefixKey: pk, prefixValue: pv, outputGrad: g)
            #expect([q, k, v, bias, pk, pv, g].allSatisfy { $0.grad == nil }, "an input got a gradient: backward() was run")
            let expected = Self.autodiffPrefixGradients(q: q, k: k, v: v, bias: bias, pk: pk, pv: pv, outputGrad: g)
            #expect(mine.key.shape == [n, d] && mine.value.shape == [n, d], "Sq \(sq) Sk \(sk) n \(n)")
            #expect(Self.close(mine.key.data, expected.key, 1e-5), "prefix key, Sq \(sq) Sk \(sk) n \(n): \(mine.key.data) vs \(expected.key)")
            #expect(Self.close(mine.value.data, expected.value, 1e-5), "prefix value, Sq \(sq) Sk \(sk) n \(n)")
        }

        // Against the kit: a one-layer encoder whose feed-forward output is switched off, so its block
        // output is x + attention(x) with the deep prompt's prefix. The gradient that backward sends from
        // (output · W).sum() into the prompt is, for every head's columns, the sum over both examples of
        // prefixGradients, with that head's columns of W·o as the output gradient.
        let config = T5Config.testSize(vocabularySize: 20)   // small for test speed: 1 + 1 layers, 4 heads of 8
        let model = T5Model(config: config, seed: 5)
        model.setFrozen(true)
        let (block, s, d, dKV, eps) = (model.encoder[0], 5, config.dModel, config.dKV, config.layerNormEpsilon)
        let attention = block.selfAttention, wo = block.feedForward.wo
        wo.data = [Float](repeating: 0, count: wo.count)
        let n = 3, width = config.innerDim
        let layout = PromptLayout(.deep, for: config, length: n)
        let prompt = Tensor.normal(layout.shape, std: 0.5, rng: &rng, requiresGrad: true)
        let prefix = try #require(layout.inputs(prompt).encoderPrefixes?.first)
        let ids = [[5, 9, 12, 7, 1], [3, 17, 1, 0, 0]], mask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]
        var traced: [String: Tensor] = [:]
        _ = model.encode(ids, attentionMask: mask, prompts: layout.inputs(prompt)) { name, value in traced[name] = value }
        let embeddings = try #require(traced["encoder.embeddings"]), positionBias = try #require(traced["encoder.position_bias"])
        let output = try #require(traced["encoder.block.0.output"])
        let w = Tensor.normal([2, s, d], std: 1, rng: &rng)
        (output * w).sum().backward()
        let library = try #require(prompt.grad)
        var keyGrad = [Float](repeating: 0, count: n * width), valueGrad = keyGrad
        for b in 0..<2 {
            let x = embeddings.slice(axis: 0, b..<(b + 1)).reshaped([s, d])
            let normed = x.rmsNorm(weight: block.selfAttentionNorm, eps: eps)
            let (q, k, v) = (normed.matmul(attention.q, transposeOther: true), normed.matmul(attention.k, transposeOther: true),
                             normed.matmul(attention.v, transposeOther: true))                 // [S, heads·dKV]
            let padding = Tensor(mask[b].map { $0 == 1 ? 0 : -Float.greatestFiniteMagnitude }, shape: [1, s])
            let joinedGrad = w.slice(axis: 0, b..<(b + 1)).reshaped([s, d]).matmul(attention.o)   // [S, heads·dKV]
            for h in 0..<config.numHeads {
                let columns = (h * dKV)..<((h + 1) * dKV)
                let mine = try prefixGradients(query: q.slice(axis: 1, columns), key: k.slice(axis: 1, columns),
                                               value: v.slice(axis: 1, columns),
                                               bias: positionBias.slice(axis: 0, h..<(h + 1)).reshaped([s, s]) + padding,
                                               prefixKey: prefix.key.slice(axis: 1, columns),
                                               prefixValue: prefix.value.slice(axis: 1, columns),
                                               outputGrad: joinedGrad.slice(axis: 1, columns))
                for i in 0..<n { for c in 0..<dKV {
                    keyGrad[i * width + h * dKV + c] += mine.key.data[i * dKV + c]
                    valueGrad[i * width + h * dKV + c] += mine.value.data[i * dKV + c]
                } }
            }
        }
        // The encoder's layer is layer 0: rows 0..<n of the prompt's [layers·2·n, width] view hold its
        // key, rows n..<2n its value.
        let keyDiff = Self.maxDiff(keyGrad, Array(library[0..<(n * width)]))
        let valueDiff = Self.maxDiff(valueGrad, Array(library[(n * width)..<(2 * n * width)]))
        #expect(keyDiff < 1e-4 && valueDiff < 1e-4, "the encoder's prefix gradient differs by up to \(keyDiff) (key), \(valueDiff) (value)")
        #expect(library[0..<(2 * n * width)].contains { abs($0) > 1e-3 }, "the kit's gradient is zero: the test is not testing")
    }

    @Test("4.3 a prompt produced by an MLP")
    func ex4_3_reparameterizedPrompt() throws {
        // By hand: 1 + 1 layers, n 2, deep width 1 (one head of 1), an MLP 1 → 1 → 4 with no activation,
        // so the rows are exact: seed rows 0 and 1 give [10, 20, 30, 40] and [11, 22, 33, 44].
        var tiny = T5Config.testSize(vocabularySize: 10)
        tiny.dModel = 4; tiny.numHeads = 1; tiny.dKV = 1
        let linear = MLP(widths: [1, 1, 4], seed: 1, activation: { $0 })
        linear.weights[0].data = [1]; linear.weights[1].data = [1, 2, 3, 4]; linear.biases[1].data = [10, 20, 30, 40]
        let twoRows = Tensor([0, 1], shape: [2, 1])
        let deep = try reparameterizedPrompt(twoRows, mlp: linear, layout: PromptLayout(.deep, for: tiny, length: 2))
        #expect(deep.shape == [2, 2, 2, 1])
        #expect(deep.data == [10, 11, 20, 22, 30, 33, 40, 44], "\(deep.data)")
        let shallow = try reparameterizedPrompt(twoRows, mlp: linear, layout: PromptLayout(.shallow, for: tiny, length: 2))
        #expect(shallow.shape == [2, 4] && shallow.data == [10, 20, 30, 40, 11, 22, 33, 44], "\(shallow.data)")
        // Sizes that do not fit the layout are an error: three seed rows for length 2, and four outputs
        // where a deep width of 2 needs eight.
        #expect(throws: (any Error).self) {
            try reparameterizedPrompt(Tensor([0, 1, 2], shape: [3, 1]), mlp: linear, layout: PromptLayout(.deep, for: tiny, length: 2))
        }
        var wider = tiny
        wider.dKV = 2
        #expect(throws: (any Error).self) {
            try reparameterizedPrompt(twoRows, mlp: linear, layout: PromptLayout(.deep, for: wider, length: 2))
        }

        // Against the MLP's own output, read through PromptLayout.inputs: the odd configuration, 2 + 3
        // layers of width 15, length 4, so every row of the MLP holds 5·2·15 = 150 numbers.
        let layout = PromptLayout(.deep, for: Self.oddConfig(), length: 4)
        var rng = SeededGenerator(seed: 43)
        let seed = Tensor.normal([4, 3], std: 1, rng: &rng, requiresGrad: true)
        let mlp = MLP(widths: [3, 6, 150], seed: 7)
        let prompt = try reparameterizedPrompt(seed, mlp: mlp, layout: layout)
        #expect(prompt.shape == layout.shape)
        let rows = try mlp(seed).data
        let inputs = layout.inputs(prompt)
        let pieces = (inputs.encoderPrefixes ?? []) + (inputs.decoderPrefixes ?? [])
        #expect(pieces.count == 5)
        for (l, piece) in pieces.enumerated() {
            func block(_ s: Int) -> [Float] {   // rows 0..<4, columns (2l + s)·15 ..< (2l + s + 1)·15
                let first = (2 * l + s) * 15
                return (0..<4).flatMap { (i: Int) -> [Float] in Array(rows[(i * 150 + first)..<(i * 150 + first + 15)]) }
            }
            #expect(Self.close(piece.key.data, block(0), 1e-6), "layer \(l) key")
            #expect(Self.close(piece.value.data, block(1), 1e-6), "layer \(l) value")
        }
        // The gradient through the layout's pieces reaches the seed and every MLP parameter, as finite
        // differences say it should.
        let weights = (0..<10).map { _ in Tensor.normal([4, 15], std: 1, rng: &rng) }
        let check = try Self.gradientCheck([seed] + mlp.parameters) {
            let inputs = layout.inputs(try reparameterizedPrompt(seed, mlp: mlp, layout: layout))
            let pieces = (inputs.encoderPrefixes ?? []) + (inputs.decoderPrefixes ?? [])
            var total = Tensor(scalar: 0)
            for (l, piece) in pieces.enumerated() {
                total = total + (piece.key * weights[2 * l]).sum() + (piece.value * weights[2 * l + 1]).sum()
            }
            return total
        }
        #expect(check.passes() && check.maxAnalytic > 0.1, "max relative error \(check.maxRelativeError)")
        // The chapter's reason for storing entries directly: a loss on one entry (layer 0's key, position
        // 0, column 0) reaches one seed row but every weight of the MLP's first layer, so no entry can be
        // frozen without freezing them all.
        for p in [seed] + mlp.parameters { p.grad = nil }
        let firstKey = try #require(layout.inputs(try reparameterizedPrompt(seed, mlp: mlp, layout: layout)).encoderPrefixes?.first?.key)
        firstKey.slice(axis: 0, 0..<1).slice(axis: 1, 0..<1).sum().backward()
        let seedGrad = seed.grad ?? [], firstLayer = mlp.weights[0].grad ?? []
        #expect(seedGrad.count == 12 && seedGrad[0..<3].allSatisfy { $0 != 0 } && seedGrad[3...].allSatisfy { $0 == 0 })
        #expect(firstLayer.count == 18 && firstLayer.allSatisfy { $0 != 0 }, "first-layer gradient \(firstLayer)")
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
