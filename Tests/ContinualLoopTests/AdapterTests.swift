// AdapterCL's residual adapters on tiny models: a fresh set is the identity, the gradient matches
// finite differences, the prompt tuner trains them without touching the backbone, and generation
// with adapters agrees with teacher forcing.

import ContinualLoop
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

/// An odd tiny configuration (d ≠ heads·d_kv, 2 encoder + 3 decoder layers), small for speed.
private func tinyModel(seed: UInt64 = 7) -> T5Model {
    var c = T5Config()
    c.vocabSize = 40; c.dModel = 16; c.dKV = 5; c.numHeads = 3; c.dFF = 24
    c.numLayers = 2; c.numDecoderLayers = 3
    c.relativeAttentionNumBuckets = 8; c.relativeAttentionMaxDistance = 12
    c.dropoutRate = 0
    return T5Model(config: c, seed: seed)
}

private let ids = [[5, 9, 12, 7, 1], [3, 30, 22, 1, 0]], mask = [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]]
private let labels = [[8, 4, 1], [6, 1, -100]]

private func logits(_ model: T5Model, _ prompts: PromptInputs) -> Tensor {
    let encoded = model.encode(ids, attentionMask: mask, prompts: prompts)
    return model.decode(model.shiftRight(labels), encoder: encoded, prompts: prompts)
}

private func loss(_ model: T5Model, _ prompts: PromptInputs) throws -> Tensor {
    try model.loss(logits: logits(model, prompts), labels: labels)
}

/// Adapters with every weight drawn from N(0, std²): unlike a fresh set, they change the output
/// and give both projections a non-zero gradient.
private func randomAdapters(_ model: T5Model, std: Float = 0.5, seed: UInt64 = 3) throws -> ResidualAdapters {
    let adapters = ResidualAdapters(model: model, bottleneck: 4, seed: 1)
    var rng = SeededGenerator(seed: seed)
    try adapters.setState(Dictionary(uniqueKeysWithValues: adapters.state.map {
        ($0.name, Tensor.normal($0.tensor.shape, std: std, rng: &rng).data)
    }))
    return adapters
}

@Suite struct AdapterTests {
    @Test("a fresh adapter set (up = 0) leaves the logits and the generated tokens bit-identical")
    func freshIsIdentity() {
        let model = tinyModel()
        let adapters = ResidualAdapters(model: model, bottleneck: 8, seed: 5)
        let plain = withNoGrad { logits(model, .none) }
        let adapted = withNoGrad { logits(model, adapters.promptInputs()) }
        #expect(adapted.data == plain.data)
        #expect(model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 5, prompts: adapters.promptInputs())
            == model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 5))
    }

    @Test("one adapter per block of both stacks, named by stack, block and projection")
    func shapesAndNames() {
        let model = tinyModel()
        let adapters = ResidualAdapters(model: model, bottleneck: 4, seed: 1)
        #expect(adapters.encoder.count == 2 && adapters.decoder.count == 3)
        #expect(adapters.parameterCount == 5 * 2 * 4 * 16)
        #expect(adapters.state.map(\.name).prefix(3) == ["encoder.0.down", "encoder.0.up", "encoder.1.down"])
        #expect(adapters.state.last?.name == "decoder.2.up")
        #expect(adapters.encoder[0].down.shape == [4, 16] && adapters.encoder[0].up.shape == [16, 4])
        #expect(adapters.state.allSatisfy { $0.tensor.requiresGrad })
        #expect(adapters.layout.parameterCount == 0)
    }

    @Test("the adapter weights' gradient through the whole model matches finite differences")
    func finiteDifferences() throws {
        let model = tinyModel()
        model.setFrozen(true)
        // Small weights and ε: every adapter's ReLU sees hundreds of inputs, and a step of ε in a
        // down weight moves them by ε·|h| with |h| up to ~20; at ε = 1e-2 some step straddles the
        // kink, where central differences are wrong. (ε = 1e-3 passes for each of seeds 1–12.)
        let adapters = try randomAdapters(model, std: 0.1, seed: 1)
        #expect(try loss(model, adapters.promptInputs()).item != loss(model, .none).item)
        let result = GradientCheck.check(adapters.state.map(\.tensor), epsilon: 1e-3, samplesPerInput: 12) {
            try! loss(model, adapters.promptInputs())
        }
        #expect(result.passes(), "max relative error \(result.maxRelativeError)")
        #expect(result.maxAnalytic > 1e-3)
        // Every block of both stacks gets a gradient; the frozen backbone gets none.
        for (name, tensor) in adapters.state {
            #expect(tensor.grad.map { $0.contains { $0 != 0 } } == true, "\(name) got no gradient")
        }
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }

    @Test("a few tuner steps lower the loss and leave every backbone weight bit-identical")
    func tunerSteps() throws {
        let vocabulary = Benchmark.vocabulary()
        var options = BenchmarkOptions()
        (options.trainSize, options.devSize, options.testSize) = (8, 2, 2)   // small for test speed
        let data = Benchmark.generate(Benchmark.task("14lap")!, options: options)
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        let before = model.parameters.map(\.data)
        let adapters = ResidualAdapters(model: model, bottleneck: 8, seed: 2)
        var tuning = PromptTuningOptions()
        (tuning.batchSize, tuning.learningRate, tuning.devLimit) = (8, 1e-2, 2)
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: adapters, task: TuningTask(data), options: tuning)
        let batch = tuner.batches(epoch: 0)[0]
        let first = try tuner.step(batch)
        for _ in 0..<4 { _ = try tuner.step(batch) }
        let last = try tuner.step(batch)
        #expect(last < first, "loss \(first) → \(last)")
        #expect(model.parameters.map(\.data) == before)
        #expect(model.parameters.allSatisfy { $0.grad == nil && !$0.requiresGrad })
        #expect(adapters.decoder[0].up.data.contains { $0 != 0 })
    }

    @Test("cached greedy generation with adapters equals the argmax of teacher-forced decoding")
    func generationMatchesTeacherForcing() throws {
        let model = tinyModel()
        let prompts = try randomAdapters(model).promptInputs()
        let generated = model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 6, prompts: prompts)
        #expect(generated == model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 6, prompts: prompts))
        #expect(generated == model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 6, prompts: prompts, useCache: false))
        #expect(generated != model.greedyDecode(ids, attentionMask: mask, maxNewTokens: 6))
        let forced = withNoGrad {
            let encoded = model.encode(ids, attentionMask: mask, prompts: prompts)
            return model.decode(generated.map { Array($0.dropLast()) }, encoder: encoded, prompts: prompts)
        }
        let vocab = model.config.vocabSize
        let argmax = forced.reshaped([-1, vocab]).argmaxLastAxis()
        for (b, row) in generated.enumerated() {
            // Up to the first </s>: after it, generation pads while teacher forcing keeps predicting.
            let end = row.dropFirst().firstIndex(of: model.config.eosTokenID) ?? row.count - 1
            for t in 1...end { #expect(argmax[b * (row.count - 1) + t - 1] == row[t], "row \(b), step \(t)") }
        }
    }

    @Test("copy() is deep, and setState refuses a state of another shape without changing anything")
    func copyAndLoad() throws {
        let model = tinyModel()
        let adapters = try randomAdapters(model)
        let copy = adapters.copy()
        #expect(copy.state.map(\.tensor.data) == adapters.state.map(\.tensor.data))
        copy.encoder[0].down.data[0] += 1
        #expect(copy.encoder[0].down.data[0] != adapters.encoder[0].down.data[0])
        #expect(copy.state.allSatisfy { $0.tensor.requiresGrad })

        var saved = Dictionary(uniqueKeysWithValues: adapters.state.map { ($0.name, $0.tensor.data) })
        let fresh = ResidualAdapters(model: model, bottleneck: 4, seed: 1)
        try fresh.setState(saved)
        #expect(fresh.state.map(\.tensor.data) == adapters.state.map(\.tensor.data))
        saved["decoder.2.up"] = [0]
        let untouched = fresh.state.map(\.tensor.data)
        #expect(throws: AdapterStateError.wrongSize(name: "decoder.2.up", count: 1, expected: 64)) { try fresh.setState(saved) }
        saved["decoder.2.up"] = nil
        #expect(throws: AdapterStateError.missingTensor(name: "decoder.2.up")) { try fresh.setState(saved) }
        #expect(fresh.state.map(\.tensor.data) == untouched)
    }

    @Test("the feed-forward observer sees [B, S, dFF] once per block of each stack and changes nothing")
    func feedForwardObserver() {
        let model = tinyModel()
        var seen: [String] = []
        var observed = PromptInputs()
        observed.feedForwardObserver = { stack, layer, hidden in seen.append("\(stack.rawValue).\(layer) \(hidden.shape)") }
        let plain = withNoGrad { logits(model, .none) }
        #expect(withNoGrad { logits(model, observed) }.data == plain.data)
        #expect(seen == ["encoder.0 [2, 5, 24]", "encoder.1 [2, 5, 24]",
                         "decoder.0 [2, 3, 24]", "decoder.1 [2, 3, 24]", "decoder.2 [2, 3, 24]"])
    }
}
