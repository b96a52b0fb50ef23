// stage07-novel-tasks: chapter 7's executable. It loads the masks an LPT run learned (`lpt run`
// holds the four novel tasks out of its stream) and, for each novel task, prints the zero-shot F1
// under every learned mask, what each selector scores for every mask and its pick, and then the
// ablation: the hindsight best against each selector and a random pick. Adaptation itself
// (zero-/few-shot for every method) is `lpt novel` and `lpt table2`.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import ExerciseSupport
import Exercises07
import Foundation
import NovelTasks
import SEL

struct Stage07: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage07-novel-tasks",
        abstract: "Stage 7: which learned LPT mask each novel task would borrow, by each selector, and what it earns.",
        discussion: """
            Run `lpt run --output out` first. --mine builds every neuron signature of the neuron-overlap \
            selector (each learned task's and the novel task's under each mask) from mean activations your \
            code from exercise 7.3 takes (exercises/Stubs/Ch07/Ex7_3_MeanActivations.swift), after they have \
            matched the kit's on this run's backbone.
            Example: swift run -c release stage07-novel-tasks --run out/runs/lpt-1
            """)

    @Option(name: .customLong("run"), help: "An LPT job folder written by lpt run or lpt learn.") var runFolder: String
    @Option(help: "Comma-separated novel task ids.") var tasks = Benchmark.novelTaskIDs.joined(separator: ",")
    @Flag(help: "Build the neuron signatures from your mean activations of exercise 7.3 (checked against the kit's first).")
    var mine = false

    /// The --tasks entries: at least one, none twice.
    var taskIDs: [String] {
        get throws {
            let items = tasks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !items.isEmpty else { throw ValidationError("--tasks must list at least one novel task") }
            guard Set(items).count == items.count else { throw ValidationError("--tasks lists a task twice: \(tasks)") }
            return items
        }
    }

    func validate() throws {
        for id in try taskIDs where Benchmark.task(id) == nil {
            throw ValidationError(ContinualError.unknownTask(id).description)
        }
        guard !runFolder.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--run must not be empty") }
    }

    /// Like `main()`, but a file-system error prints as one line naming the path and the cause.
    static func main() { mainWithReadableErrors() }

    func run() throws {
        let folder = URL(fileURLWithPath: runFolder)
        let result = try ContinualResult.load(folder.appendingPathComponent("result.json"))
        guard result.method == .lpt else { throw ValidationError("\(runFolder) holds a \(result.method.rawValue) run, not LPT") }
        let learner = try loadLotteryLearner(jobFolder: folder, backbone: Backbone.shippedFolder, options: result.options)
        print("learned masks: \(learner.lottery.masks.map(\.task).joined(separator: ", "))")
        let ablate = { try SelectorAblation.run(learner: learner, novelTaskIDs: try taskIDs, options: result.options) }
        let rows: [AblationRow]
        if mine {
            try checkYourCode(learner: learner, options: result.options)
            let run = try NeuronMeansHook.with({ try meanNeuronActivations(batches: $0, masks: $1, promptLength: $2) }, ablate)
            rows = run.result
            print("your means made \(run.calls - run.failures) of the \(run.calls) neuron signatures the run asked for"
                  + (run.failures == 0 ? "" : "; they failed \(run.failures) times, and the kit's means made those"))
        } else {
            rows = try ablate()
        }
        for row in rows {
            print("\n## \(row.task): zero-shot test F1 under each mask")
            print(row.maskF1.map { String(format: "%@ %.1f", $0.task, $0.score) }.joined(separator: ", "))
            for selector in AblatedSelector.allCases where selector != .random {
                let selection = row.selections[selector]!
                print("\(selector.rawValue) (\(selection.rule.rawValue)): pick \(selection.pick)\n\(selection.table)")
            }
            print("random: pick \(row.selections[.random]!.pick)")
        }
        print("\n" + SelectorAblation.table(rows) + (mine ? "\n(neuron overlap: signatures cut from your means)" : ""))
    }

    /// `--mine`: exercise 7.3 must exist and give the kit's means on this run's backbone, on a few
    /// sentences of the first novel task, before it makes any signature.
    func checkYourCode(learner: LotteryLearner, options: ExperimentOptions) throws {
        let file = "exercises/Stubs/Ch07/Ex7_3_MeanActivations.swift"
        print("== your code: mean neuron activations from exercise 7.3 (\(file)) ==")
        do {
            let task = try options.taskData(try taskIDs[0])
            let count = try checkYourNeuronMeans(learner: learner, examples: Array(task.test.prefix(5)), schemas: task.spec.schemas)
            print("they match the kit's on \(count) cases (by hand; on the backbone under a learned deep mask and a shallow prompt, "
                  + "padded batches); from here on they make every neuron signature")
        } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 7.3`, then `lpt check 7.3`)")
            throw ExitCode.failure
        } catch let error as MeansDisagreement {
            print("your means are not right yet, so they make no signature: \(error) (`lpt check 7.3` shows more)")
            throw ExitCode.failure
        }
    }
}

Stage07.main()
