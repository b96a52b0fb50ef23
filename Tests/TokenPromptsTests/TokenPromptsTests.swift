// Token-wise prompts (stage 9): the pooled query leaves padding out, top-k keeps bank order and
// breaks ties to the lower slot, a batch of per-example prompts gives each row what it gives
// alone, gradients reach only the rows read, the bank's training lowers the loss, and the
// overlap and accounting arithmetic.

import ContinualLoop
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors
import Testing
import TokenPrompts

@Suite struct RetrievalTests {
    @Test("max- and mean-pooled queries skip masked positions; a fully masked row gives zeros")
    func pooling() {
        // Row 0 of the table (the pad id) is huge: any leak of a masked position would show.
        let table = Tensor([100, 100, 100,
                            1, -2, 3,
                            4, 0, -1,
                            -5, 6, 2], shape: [4, 3])
        let ids = [[1, 2, 0], [3, 0, 0], [0, 0, 0]], mask = [[1, 1, 0], [1, 0, 0], [0, 0, 0]]
        let maxed = Retrieval.queries(table: table, ids: ids, mask: mask, pooling: .max)
        #expect(maxed == [[4, 0, 3], [-5, 6, 2], [0, 0, 0]])
        let meaned = Retrieval.queries(table: table, ids: ids, mask: mask, pooling: .mean)
        #expect(meaned == [[2.5, -1, 1], [-5, 6, 2], [0, 0, 0]])
        // Without a mask every position counts, pads included.
        #expect(Retrieval.queries(table: table, ids: [[1, 0]], mask: nil, pooling: .max) == [[100, 100, 100]])
    }

    @Test("top-k returns the k best slots in bank order; equal scores go to the lower slot")
    func topK() {
        #expect(Retrieval.topK([0.1, 0.3, 0.9, 0.2], k: 2) == [1, 2])          // score order would be [2, 1]
        #expect(Retrieval.topK([0.5, 0.9, 0.9, 0.1, 0.9], k: 2) == [1, 2])     // three tie: the two lowest
        #expect(Retrieval.topK([0.5, 0.9, 0.9, 0.1, 0.9], k: 4) == [0, 1, 2, 4])
        #expect(Retrieval.topK([0, 0, 0], k: 3) == [0, 1, 2])
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<20 {
            let slots = Retrieval.randomSlots(size: 9, k: 4, rng: &rng)
            #expect(slots.count == 4 && Set(slots).count == 4 && slots == slots.sorted() && slots.allSatisfy { (0..<9).contains($0) })
        }
    }

    @Test("a query retrieves the slots whose vectors point its way, by dot product")
    func bankScores() {
        // Slot j is unit vector e_(j mod 3), scaled by j + 1: the dot product sees the scale.
        let bank = PromptBank(values: (0..<6).flatMap { j in (0..<3).map { $0 == j % 3 ? Float(j + 1) : 0 } }, size: 6, width: 3)
        let scores = Retrieval.scores(query: [1, 0, 0.5], bank: bank)
        #expect(scores == [1, 0, 1.5, 4, 0, 3])
        #expect(Retrieval.topK(scores, k: 2) == [3, 5])
    }
}

@Suite struct PerExamplePromptTests {
    static func model() -> T5Model {
        var c = T5Config.testSize(vocabularySize: 40)
        c.numDecoderLayers = 2
        return T5Model(config: c, seed: 5)
    }

    @Test("a batch with one prompt per row gives every row the logits it gets alone")
    func batchEqualsOneAtATime() throws {
        let model = PerExamplePromptTests.model()
        let d = model.config.dModel, n = 3
        var rng = SeededGenerator(seed: 9)
        let prompts = Tensor.normal([3, n, d], std: 0.5, rng: &rng)
        let ids = [[5, 9, 12, 7, 1], [3, 30, 1, 0, 0], [8, 22, 14, 1, 0]]
        let mask = ids.map { $0.map { $0 == 0 ? 0 : 1 } }
        let labels = [[8, 4, 1], [6, 1, -100], [11, 2, 1]]
        let batch = model.decode(model.shiftRight(labels), encoder: model.encode(ids, attentionMask: mask,
                                                                                 prompts: PromptInputs(inputPrompt: prompts)),
                                 prompts: .none)
        let vocab = model.config.vocabSize
        for b in 0..<3 {
            let length = mask[b].reduce(0, +), targets = labels[b].filter { $0 != -100 }
            let own = prompts.slice(axis: 0, b..<(b + 1)).reshaped([n, d])   // the shared-prompt form, [n, d]
            let alone = model.decode(model.shiftRight([targets]),
                                     encoder: model.encode([Array(ids[b].prefix(length))], prompts: PromptInputs(inputPrompt: own)),
                                     prompts: .none)
            for t in 0..<targets.count {
                let x = Array(batch.data[((b * 3 + t) * vocab)..<((b * 3 + t + 1) * vocab)])
                let y = Array(alone.data[(t * vocab)..<((t + 1) * vocab)])
                let gap = zip(x, y).map { abs($0 - $1) }.max()!
                #expect(gap < 1e-4, "row \(b), step \(t): largest logit gap \(gap)")
            }
        }
    }

    @Test("a token-wise prompt with a deep task prompt: a batch gives every row the logits it gets alone")
    func deepTaskPromptBatchEqualsOneAtATime() throws {
        let model = PerExamplePromptTests.model()
        let bank = PromptBank(size: 10, model: model, initialization: .random(std: 1), seed: 8)
        let task = SoftPrompt(layout: PromptLayout(.deep, for: model.config, length: 2), model: model, initialization: .random(std: 0.3), seed: 4)
        let prompt = TokenWisePrompt(model: model, bank: bank, taskPrompt: task, k: 3)
        let ids = [[5, 9, 12, 7, 1], [3, 30, 1, 0, 0], [8, 22, 14, 1, 0]]
        let mask = ids.map { $0.map { $0 == 0 ? 0 : 1 } }
        let labels = [[8, 4, 1], [6, 1, -100], [11, 2, 1]]
        let inputs = prompt.promptInputs(for: T5Batch(inputIDs: ids, attentionMask: mask, labels: labels))
        #expect(inputs.inputPrompt?.shape == [3, 3, model.config.dModel])
        #expect(inputs.encoderPrefixes?.count == model.config.numLayers && inputs.decoderPrefixes?.count == model.config.decoderLayers)
        let batch = model.decode(model.shiftRight(labels), encoder: model.encode(ids, attentionMask: mask, prompts: inputs), prompts: inputs)
        let vocab = model.config.vocabSize
        for b in 0..<3 {
            let length = mask[b].reduce(0, +), targets = labels[b].filter { $0 != -100 }
            let row = [Array(ids[b].prefix(length))]
            let own = prompt.promptInputs(slots: prompt.retrieve(ids: row, mask: nil))
            let alone = model.decode(model.shiftRight([targets]), encoder: model.encode(row, prompts: own), prompts: own)
            for t in 0..<targets.count {
                let x = Array(batch.data[((b * 3 + t) * vocab)..<((b * 3 + t + 1) * vocab)])
                let y = Array(alone.data[(t * vocab)..<((t + 1) * vocab)])
                let gap = zip(x, y).map { abs($0 - $1) }.max()!
                #expect(gap < 1e-4, "row \(b), step \(t): largest logit gap \(gap)")
            }
        }
        #expect(prompt.trainedParameters == task.layout.parameterCount)
    }

    @Test("micro-batches cut a per-row prompt to each group's rows: the same loss and gradient as one pass")
    func microBatchesKeepRowPrompts() throws {
        let model = PerExamplePromptTests.model()
        model.setFrozen(true)
        let bank = PromptBank(size: 10, model: model, initialization: .random(std: 1), seed: 6)
        bank.trainable = true
        let task = SoftPrompt(layout: PromptLayout(.deep, for: model.config, length: 2), model: model, initialization: .random(std: 0.3), seed: 2)
        let prompt = TokenWisePrompt(model: model, bank: bank, taskPrompt: task, k: 3)
        let ids = [[5, 9, 12, 7, 1], [3, 30, 1, 0, 0], [8, 22, 14, 1, 0], [17, 1, 0, 0, 0]]
        let batch = T5Batch(inputIDs: ids, attentionMask: ids.map { $0.map { $0 == 0 ? 0 : 1 } },
                            labels: [[8, 4, 1, -100], [6, 1, -100, -100], [11, 2, 9, 1], [3, 1, -100, -100]])
        func lossAndGradient(_ micro: Int) throws -> (Float, [Float]) {
            bank.values.grad = nil
            let loss = try batchLoss(model: model, prompts: prompt.promptInputs(for: batch), batch: batch, microBatches: micro)
            loss.backward()
            return (loss.item, try #require(bank.values.grad))
        }
        let (one, g1) = try lossAndGradient(1), (three, g3) = try lossAndGradient(3)
        #expect(abs(one - three) < 1e-5, "\(one) vs \(three)")
        let largest = g1.map(abs).max()!
        #expect(largest > 0 && zip(g1, g3).map { abs($0 - $1) }.max()! < 1e-4 * largest)
    }

    @Test("a token-wise prompt reads the same slots for a row in a padded batch as alone, and only those rows get gradient")
    func slotsAndGradients() throws {
        let model = PerExamplePromptTests.model()
        model.setFrozen(true)
        let bank = PromptBank(size: 12, model: model, initialization: .random(std: 1), seed: 4)
        bank.trainable = true
        let d = model.config.dModel
        let task = SoftPrompt(layout: PromptLayout(.shallow, for: model.config, length: 2), model: model,
                              initialization: .copy([Float](repeating: 0.01, count: 2 * d)))
        let prompt = TokenWisePrompt(model: model, bank: bank, taskPrompt: task, k: 3)
        let ids = [[5, 9, 12, 7, 1], [3, 30, 1, 0, 0]], mask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]
        let slots = prompt.retrieve(ids: ids, mask: mask)
        #expect(slots[0] == prompt.retrieve(ids: [ids[0]], mask: nil)[0])
        #expect(slots[1] == prompt.retrieve(ids: [[3, 30, 1]], mask: nil)[0])
        let inputs = prompt.promptInputs(for: T5Batch(inputIDs: ids, attentionMask: mask, labels: [[8, 1], [6, 1]]))
        #expect(inputs.inputPrompt?.shape == [2, 5, d])
        let labels = [[8, 4, 1], [6, 1, -100]]
        let loss = try model.loss(logits: model.decode(model.shiftRight(labels), encoder: model.encode(ids, attentionMask: mask, prompts: inputs),
                                                       prompts: inputs), labels: labels)
        loss.backward()
        let grad = try #require(bank.values.grad)
        let read = Set(slots.flatMap { $0 })
        for slot in 0..<bank.size {
            let norm = grad[(slot * d)..<((slot + 1) * d)].map { $0 * $0 }.reduce(0, +)
            #expect(read.contains(slot) ? norm > 0 : norm == 0, "slot \(slot) (read: \(read.contains(slot))) has gradient norm² \(norm)")
        }
        #expect(prompt.trainedParameters == 2 * d + 12 * d)
    }
}

@Suite struct BankTrainingTests {
    /// On the shipped backbone: a random tiny model's loss sits near ln(vocabulary) whatever the
    /// prompt, so only a trained model shows a prompt learning. Still seconds: 32 sentences.
    @Test("training the bank and a shared task prompt on two tiny source tasks lowers the loss")
    func trainingLowersLoss() throws {
        let (model, vocabulary) = try Backbone.load()
        let tasks = ["ace04", "14lap"].map {
            Benchmark.generate(Benchmark.task($0)!, options: BenchmarkOptions(trainSize: 16, devSize: 4, testSize: 4))
        }
        let bank = PromptBank(size: 8, model: model, seed: 2)
        bank.trainable = true
        let task = SoftPrompt(layout: PromptLayout(.deep, for: model.config, length: 2), model: model, initialization: .random(std: 0.02))
        let prompt = TokenWisePrompt(model: model, bank: bank, taskPrompt: task, k: 2)
        let union = TuningTask(id: "sources", kind: .entity, schemas: tasks[0].spec.schemas, strategy: .closest,
                               train: tasks.flatMap(\.train), dev: tasks[0].dev,
                               trainSchemas: tasks.flatMap { t in t.train.map { _ in t.spec.schemas.record } })
        var options = PromptTuningOptions()
        (options.epochs, options.batchSize, options.learningRate, options.devEvery, options.constrained) = (6, 8, 0.3, 6, false)
        let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: prompt, task: union, options: options)
        tuner.devScorer = { 0 }
        let before = bank.values.data
        try tuner.run()
        let losses = tuner.history.map(\.trainLoss)
        #expect(losses.last! < losses.first! * 0.9, "losses \(losses)")
        #expect(bank.values.data != before)
    }
}

@Suite struct AnalysisTests {
    @Test("Jaccard of slot sets, and the within- and across-task means")
    func overlap() {
        #expect(RetrievalAnalysis.jaccard([1, 2, 3], [2, 3, 4]) == 0.5)
        #expect(RetrievalAnalysis.jaccard([1, 2], [3, 4]) == 0)
        #expect(RetrievalAnalysis.jaccard([5], [5]) == 1)
        let tasks = [TaskSlots(task: "a", slots: [[0, 1], [0, 1], [0, 2]]), TaskSlots(task: "b", slots: [[3, 4]])]
        let (within, across) = RetrievalAnalysis.overlap(tasks)
        // Within a: pairs (1, 1/3, 1/3); b has no pair. Across: every pair is disjoint.
        #expect(abs(within - (1 + 2.0 / 3) / 3) < 1e-12)
        #expect(across == 0)
        #expect(tasks[0].usage(bankSize: 5) == [3, 2, 1, 0, 0])
    }

    @Test("parameter accounting: the paper counts the task prompt alone; re-tuning adds the whole bank per task")
    func accounting() {
        // Deep prompts: a position is a key and a value in each of 4 layers (4 · 2 · 128 floats).
        let table = TokenPromptTables.parameters(arms: TargetArm.allCases, options: TokenPromptOptions(), bankWidth: 128,
                                                 positionFloats: 1_024, backbone: 1_280_000)
        #expect(table.contains("| scratch | 20480 | 20480 | 0 | 1.600% | 1.600% |"))
        #expect(table.contains("| tpt-frozen | 10240 | 10240 | 15360 | 0.800% | 0.800% |"))
        #expect(table.contains("| tpt-tuned | 25600 | 25600 | 0 | 0.800% | 2.000% |"))
    }

    @Test("options name an unknown task, a task listed twice and a bank too small for k")
    func validation() {
        var options = TokenPromptOptions()
        options.targets = ["nope"]
        #expect(throws: TokenPromptError.unknownTask("nope")) { try options.validate() }
        options.targets = ["ace04"]
        #expect(throws: TokenPromptError.taskTwice("ace04")) { try options.validate() }
        options = TokenPromptOptions()
        options.retrieved = 500
        #expect((try? options.validate()) == nil)
    }
}

@Suite struct StudyFolderTests {
    @Test("a study folder accepts the same settings and other target lists, and names the fields that changed")
    func settings() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-tpt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let options = TokenPromptOptions()
        let folder = try TokenPromptFolder(url, options: options, backbone: "shipped tiny-UIE")
        var more = options
        (more.targets, more.seeds) = (["scierc"], 5)
        _ = try TokenPromptFolder(url, options: more, backbone: "shipped tiny-UIE")
        var changed = options
        (changed.targetTrain, changed.placement) = (999, .shallow)
        do {
            _ = try TokenPromptFolder(url, options: changed, backbone: "shipped tiny-UIE")
            Issue.record("changed settings were accepted")
        } catch let error as TokenPromptError {
            #expect(error.description.contains("targetTrain 300 (now 999)") && error.description.contains("placement \"deep\" (now \"shallow\")"),
                    "\(error.description)")
        }
        // A finished run is read back; a damaged one is named.
        let score = ArmScore(target: "scierc", arm: .tptFrozen, seed: 2, devF1: 10, testF1: 12.5, seconds: 3)
        try folder.save(score)
        #expect(try folder.score(target: "scierc", arm: .tptFrozen, seed: 2) == score)
        #expect(try folder.score(target: "scierc", arm: .tptFrozen, seed: 3) == nil)
        try Data("{".utf8).write(to: folder.runFile(target: "casie", arm: .scratch, seed: 1))
        #expect(throws: TokenPromptError.self) { try folder.score(target: "casie", arm: .scratch, seed: 1) }
    }
}
