// stage07-novel-tasks: chapter 7's executable, as far as stage 7 goes today. It loads the masks an
// LPT run learned (`lpt run` holds the four novel tasks out of its stream) and, for each novel
// task, prints what the perplexity and one-shot-gradient selectors score for every learned mask,
// their picks, and a seeded random pick. Zero-/few-shot adaptation is not built yet.

import ArgumentParser
import ContinualLoop
import Foundation
import NovelTasks
import SEL

struct Stage07: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage07-novel-tasks",
        abstract: "Stage 7: which learned LPT mask each novel task would borrow, by each selector.",
        discussion: "Run `lpt run --output out` first. Example: swift run -c release stage07-novel-tasks --run out/runs/lpt-1")

    @Option(name: .customLong("run"), help: "An LPT job folder written by lpt run or lpt learn.") var runFolder: String
    @Option(help: "Comma-separated novel task ids.") var tasks = Benchmark.novelTaskIDs.joined(separator: ",")
    @Option(help: "Examples per novel task given to the selectors.") var examples = 16

    func validate() throws {
        for id in tasks.split(separator: ",") where Benchmark.task(String(id)) == nil {
            throw ValidationError(ContinualError.unknownTask(String(id)).description)
        }
        guard examples > 0 else { throw ValidationError("--examples must be positive") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: runFolder)
        let result = try ContinualResult.load(folder.appendingPathComponent("result.json"))
        guard result.method == .lpt else { throw ValidationError("\(runFolder) holds a \(result.method.rawValue) run, not LPT") }
        let learner = try loadLotteryLearner(jobFolder: folder, backbone: Backbone.shippedFolder, options: result.options)
        let selector = try MaskSelector(model: learner.model, vocabulary: learner.vocabulary, lottery: learner.lottery)
        print("learned masks: \(learner.lottery.masks.map(\.task).joined(separator: ", "))")
        for id in tasks.split(separator: ",").map(String.init) {
            let data = try result.options.taskData(id)
            let sample = Array(data.test.prefix(examples))
            print("\n## \(id) (\(sample.count) test sentences, no labels used)")
            for kind in [SelectorKind.perplexity, .gradient] {
                let selection = try selector.select(kind, examples: sample, schemas: data.spec.schemas)
                print("\(kind.rawValue): pick \(selection.pick)\n\(selection.table)")
            }
            print("random: pick \(try MaskSelection.random(tasks: learner.lottery.masks.map(\.task), seed: 7).pick)")
        }
    }
}

Stage07.main()
