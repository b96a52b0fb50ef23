// The novel-task protocol's pieces (chapter 7): the few-shot draw, and LPT lending a learned mask
// to an unseen task, both for scoring it zero-shot and as the start of its few-shot scores.

import ContinualLoop
import Foundation
import LotteryMasks
import NovelTasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

@Suite struct AdaptationTests {
    static func classes(_ spec: TaskSpec) -> [String] { spec.schemas.record.types + spec.schemas.record.roles }

    @Test("the few-shot draw reaches the quota for every class, keeps only sentences that help, and is seeded",
          arguments: ["conll04", "casie", "15res"])
    func fewShotQuota(id: String) {
        let spec = Benchmark.task(id)!
        let data = Benchmark.generate(spec, options: BenchmarkOptions(trainSize: 300, devSize: 2, testSize: 2))
        let few = fewShotSample(data.train, schemas: spec.schemas, perClass: 3, seed: 4)
        func mentions(_ e: UIEExample) -> Set<String> { Set(e.spot + e.asoc).intersection(Self.classes(spec)) }
        for c in Self.classes(spec) {
            let available = data.train.filter { mentions($0).contains(c) }.count
            #expect(few.filter { mentions($0).contains(c) }.count >= min(3, available), "class \(c)")
        }
        // Replaying the walk: each kept sentence mentioned a class still short of the quota.
        var counts: [String: Int] = [:]
        for e in few {
            #expect(mentions(e).contains { counts[$0, default: 0] < 3 })
            for c in mentions(e) { counts[c, default: 0] += 1 }
        }
        #expect(few.count < data.train.count / 3)
        #expect(few == fewShotSample(data.train, schemas: spec.schemas, perClass: 3, seed: 4))
    }

    @Test("LPT lends the borrowed mask: the novel task's scores start on it, and isolation still holds")
    func borrowedMaskStartsTheTask() throws {
        let vocabulary = Benchmark.vocabulary()
        var benchmark = BenchmarkOptions()
        (benchmark.trainSize, benchmark.devSize, benchmark.testSize) = (8, 2, 2)
        let tasks = ["14lap", "ace04"].map { Benchmark.generate(Benchmark.task($0)!, options: benchmark) }
        let model = T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3)
        var tuning = PromptTuningOptions()
        (tuning.epochs, tuning.batchSize, tuning.devLimit, tuning.constrained) = (1, 8, 2, false)
        var options = LotteryOptions()
        options.keepFraction = 0.3
        let learner = LotteryLearner(model: model, vocabulary: vocabulary, tuning: tuning, options: options, length: 4, growth: 0)
        try ContinualRun(learner: learner, tasks: tasks, testLimit: 2).run()
        let masks = learner.lottery.masks
        #expect(masks.count == 2 && masks[0].mask != masks[1].mask)

        let novel = Benchmark.generate(Benchmark.task("15res")!, options: benchmark)
        for (index, lent) in masks.enumerated() {
            learner.borrowedMask = lent.task
            let before = learner.lottery.values.data
            let (tunable, _) = try learner.begin(novel)
            #expect(learner.lottery.currentMask == lent.mask, "scores did not start on \(lent.task)'s mask")
            // One training epoch on the novel task moves no entry an earlier task owns. Every
            // entry of the start mask is owned, so θ gets no gradient at all; the scores learn.
            let startScores = learner.lottery.scores.data
            let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: tunable, task: TuningTask(novel), options: tuning)
            _ = try tuner.trainEpoch()
            let owned = masks[0].mask.union(masks[1].mask)
            for j in before.indices where owned[j] { #expect(learner.lottery.values.data[j] == before[j]) }
            #expect(learner.lottery.values.data == before)
            #expect(learner.lottery.scores.data != startScores, "the scores did not learn (case \(index))")
            learner.lottery.values.data = before
        }
        learner.borrowedMask = nil
        learner.lottery.beginTask()
        #expect(learner.lottery.currentMask != masks[0].mask && learner.lottery.currentMask != masks[1].mask)
    }
}
