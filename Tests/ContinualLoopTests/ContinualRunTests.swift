// A continual run killed part-way resumes and ends with exactly the results of an uninterrupted
// run (for LPT and for fine-tuning); LPT's BWT is exactly 0; state files that are damaged are
// named in the error.

import Foundation
import ContinualLoop
import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

/// Three tiny generated tasks and a tiny random model (fast enough for the suite).
func tinyStream(_ ids: [String] = ["14lap", "ace04", "conll04"]) -> (T5Model, Vocabulary, [TaskData]) {
    let vocabulary = Benchmark.vocabulary()
    var options = BenchmarkOptions()
    (options.trainSize, options.devSize, options.testSize) = (16, 4, 6)
    let tasks = ids.map { Benchmark.generate(Benchmark.task($0)!, options: options) }
    return (T5Model(config: T5Config.testSize(vocabularySize: vocabulary.count), seed: 3), vocabulary, tasks)
}

func tinyTuning(epochs: Int = 2) -> PromptTuningOptions {
    var o = PromptTuningOptions()
    (o.epochs, o.batchSize, o.devLimit, o.constrained) = (epochs, 8, 4, false)
    return o
}

func makeTinyLearner(_ method: ContinualMethod, _ model: T5Model, _ vocabulary: Vocabulary) -> ContinualLearner {
    switch method {
    case .lpt:
        var tuning = tinyTuning()
        tuning.learningRate = 0.1
        var options = LotteryOptions()
        options.keepFraction = 0.5
        return LotteryLearner(model: model, vocabulary: vocabulary, tuning: tuning, options: options, length: 4, growth: 2)
    default:
        var tuning = tinyTuning()
        tuning.learningRate = 1e-3
        return SequentialFineTuning(method: method, model: model, vocabulary: vocabulary, tuning: tuning)
    }
}

struct SimulatedKill: Error {}

func temporaryFolder(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct ContinualRunTests {
    @Test("a run killed inside task 2 and again after task 2 resumes to exactly the uninterrupted result",
          arguments: [ContinualMethod.lpt, .fineTuning, .er])
    func resumeEqualsUninterrupted(method: ContinualMethod) throws {
        let (model, vocabulary, tasks) = tinyStream()
        let whole = ContinualRun(learner: makeTinyLearner(method, model, vocabulary), tasks: tasks, testLimit: 6)
        try whole.run(folder: temporaryFolder("whole"))

        let folder = temporaryFolder("killed")
        // Kill 1: during task 2, after its first epoch was checkpointed.
        do {
            let (m, v, t) = tinyStream()
            let run = ContinualRun(learner: makeTinyLearner(method, m, v), tasks: t, testLimit: 6)
            run.stop = (task: 1, epoch: 1)
            #expect(throws: ContinualError.self) { try run.run(folder: folder) }
        }
        // Kill 2: right after task 2 was saved.
        do {
            let (m, v, t) = tinyStream()
            let run = ContinualRun(learner: makeTinyLearner(method, m, v), tasks: t, testLimit: 6)
            #expect(throws: SimulatedKill.self) {
                try run.run(folder: folder, taskReport: { k, _ in if k == 1 { throw SimulatedKill() } })
            }
        }
        let (m, v, t) = tinyStream()
        let resumed = ContinualRun(learner: makeTinyLearner(method, m, v), tasks: t, testLimit: 6)
        try resumed.run(folder: folder)
        #expect(resumed.matrix == whole.matrix)
        #expect(resumed.progress.bestDevF1 == whole.progress.bestDevF1)
    }

    @Test("LPT's earlier tasks score the same in every later row: BWT is exactly 0")
    func lptBackwardTransferIsZero() throws {
        let (model, vocabulary, tasks) = tinyStream()
        let run = ContinualRun(learner: makeTinyLearner(.lpt, model, vocabulary), tasks: tasks, testLimit: 6)
        try run.run()
        for i in tasks.indices { for row in run.matrix.after[i...] { #expect(row[i] == run.matrix.after[i][i]) } }
        #expect(run.matrix.backwardTransfer == 0)
    }

    @Test("a resumed folder from another order is refused, naming the folder")
    func orderMismatch() throws {
        let folder = temporaryFolder("order")
        let (model, vocabulary, tasks) = tinyStream(["14lap", "ace04"])
        try ContinualRun(learner: makeTinyLearner(.lpt, model, vocabulary), tasks: [tasks[0]], testLimit: 4).run(folder: folder)
        let other = ContinualRun(learner: makeTinyLearner(.lpt, model, vocabulary), tasks: [tasks[1]], testLimit: 4)
        #expect(throws: ContinualError.self) { try other.run(folder: folder) }
    }

    @Test("a damaged progress file is an error naming it")
    func damagedProgress() throws {
        let folder = temporaryFolder("damaged")
        try Data("{not json".utf8).write(to: folder.appendingPathComponent("progress.json"))
        let (model, vocabulary, tasks) = tinyStream(["14lap"])
        let run = ContinualRun(learner: makeTinyLearner(.fineTuning, model, vocabulary), tasks: tasks, testLimit: 4)
        do { try run.run(folder: folder); Issue.record("expected an error") } catch let error as ContinualError {
            #expect(error.description.contains("progress.json"))
        }
    }

    @Test("reservoir sampling keeps the requested count, all distinct, from the input")
    func reservoir() {
        var rng = SeededGenerator(seed: 4)
        let kept = reservoirSample(Array(0..<1000), count: 50, rng: &rng)
        #expect(kept.count == 50 && Set(kept).count == 50 && kept.allSatisfy { (0..<1000).contains($0) })
        #expect(kept.filter { $0 >= 50 }.count > 30)   // not just the first 50
    }

    @Test("EWC's penalty gradient equals the derivative of its value")
    func ewcGradient() throws {
        let (model, vocabulary, tasks) = tinyStream(["14lap"])
        let learner = makeTinyLearner(.ewc, model, vocabulary) as! SequentialFineTuning
        let run = ContinualRun(learner: learner, tasks: tasks, testLimit: 4)
        try run.run()
        let (tunable, _) = try learner.begin(tasks[0])
        // Move one weight away from the anchor and compare λ·F·Δ with a finite difference.
        let p = model.parameters[0]
        p.data[0] += 0.5
        let whole = tunable as! WholeModelTuning
        let value = { whole.penaltyValue }
        let h: Float = 1e-2
        p.data[0] += h; let up = value(); p.data[0] -= 2 * h; let down = value(); p.data[0] += h
        p.grad = [Float](repeating: 0, count: p.count)
        whole.addPenaltyGradient()
        #expect(abs(Double(p.grad![0]) - (up - down) / Double(2 * h)) < 1e-3 * max(1, abs(Double(p.grad![0]))))
    }
}
