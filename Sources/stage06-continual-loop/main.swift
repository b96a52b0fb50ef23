// stage06-continual-loop: chapter 6's executable. Learns a short task stream with LPT and with
// sequential fine-tuning (or any --methods), in this process, and prints each accuracy matrix and
// the Table 1 columns. `lpt run` is the full-size version of the same loop.

import ArgumentParser
import CommandSupport
import ContinualLoop
import Diagrams
import ExerciseSupport
import Exercises06
import Foundation
import SEL

struct Stage06: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage06-continual-loop",
        abstract: "Stage 6: a short task stream with LPT and fine-tuning: accuracy matrices, Average, BWT, FWT.",
        discussion: """
            --mine adds forgetting (Chaudhry et al. 2018) to every accuracy matrix and to the summary, \
            computed by the function you write in exercise 6.1 (exercises/Stubs/Ch06/Ex6_1_Forgetting.swift) \
            after it has agreed with the kit's BWT where the two must agree.
            Example: swift run -c release stage06-continual-loop --tasks 14lap,ace04,16res
            """)

    @Option(help: "Comma-separated task ids, in learning order.") var tasks = "14lap,ace04,16res"
    @Option(help: "Comma-separated methods (see lpt learn --help).") var methods = "lpt,fine-tuning"
    @Option(help: "Training sentences per task.") var train = 300
    @Option(help: "Epochs per task for prompt methods.") var promptEpochs = 6
    @Option(help: "Epochs per task for full fine-tuning methods.") var fullEpochs = 3
    @Option(help: "Test sentences per matrix cell.") var testLimit = 40
    @Option(help: "Folder for the resumable state (default: a fresh temporary folder).") var checkpoints: String?
    @Flag(help: "Add forgetting to the results, computed by your code from exercise 6.1 (checked against the kit's BWT first).")
    var mine = false

    /// The entries of a comma-separated flag: at least one, none twice.
    static func list(_ text: String, _ flag: String) throws -> [String] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ValidationError("\(flag) must list at least one value") }
        guard Set(items).count == items.count else { throw ValidationError("\(flag) lists a value twice: \(text)") }
        return items
    }

    func validate() throws {
        for id in try Self.list(tasks, "--tasks") where Benchmark.task(id) == nil {
            throw ValidationError(ContinualError.unknownTask(id).description)
        }
        for m in try Self.list(methods, "--methods") where ContinualMethod(rawValue: m) == nil {
            throw ValidationError(ContinualError.unknownMethod(m).description)
        }
        guard train > 0, promptEpochs > 0, fullEpochs > 0, testLimit > 0 else {
            throw ValidationError("--train, --prompt-epochs, --full-epochs and --test-limit must be positive")
        }
        // Upper bounds, so a typo with extra zeros is an error rather than a run that fills memory.
        for (flag, value, bound) in [("--train", train, 100_000), ("--prompt-epochs", promptEpochs, 1_000),
                                     ("--full-epochs", fullEpochs, 1_000), ("--test-limit", testLimit, 100_000)] where value > bound {
            throw ValidationError("\(flag) must be at most \(bound), got \(value)")
        }
        if let checkpoints, checkpoints.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--checkpoints must not be empty") }
    }

    /// Like `main()`, but a file-system error prints as one line naming the path and the cause.
    static func main() { mainWithReadableErrors() }

    func run() throws {
        if mine { try checkYourCode() }
        var options = ExperimentOptions()
        (options.trainSize, options.promptEpochs, options.fullEpochs, options.testLimit, options.devLimit) = (train, promptEpochs, fullEpochs, testLimit, 20)
        let ids = try Self.list(tasks, "--tasks")
        let root = URL(fileURLWithPath: checkpoints ?? NSTemporaryDirectory() + "stage06-\(UUID().uuidString)")
        try OutputFolder.claim(root)
        var results: [ContinualResult] = []
        for method in try Self.list(methods, "--methods").compactMap({ ContinualMethod(rawValue: $0) }) {
            let job = ContinualJob(method: method, order: nil, taskIDs: ids, options: options, backbone: Backbone.shippedFolder)
            let result = try job.run(folder: root.appendingPathComponent(method.rawValue), showProgress: false) { print($0) }
            if let matrix = result.matrix {
                print("\n\(method.displayName): accuracy matrix\n" + ContinualTables.matrix(matrix) + "\n")
                if mine { print(try yourForgettingLine(matrix) + "\n") }
            }
            results.append(result)
        }
        let initial = try backboneScores(taskIDs: ids, options: options, backbone: Backbone.shippedFolder, cache: nil)
        print(ContinualTables.table1(results, initial: initial, individual: nil))
        if mine {
            print("\n| method | Average | BWT | forgetting (yours) |\n| --- | ---: | ---: | ---: |")
            for result in results {
                guard let matrix = result.matrix else { continue }
                let average = try forgetting(after: matrix.after).average
                print(String(format: "| %@ | %.1f | %.1f | %.1f |", result.method.displayName, result.average, matrix.backwardTransfer, average))
            }
        }
    }

    /// `--mine`: exercise 6.1 must exist and agree with the kit's BWT before it reads the run's matrices.
    func checkYourCode() throws {
        let file = "exercises/Stubs/Ch06/Ex6_1_Forgetting.swift"
        print("== your code: forgetting from exercise 6.1 (\(file)) ==")
        do {
            let count = try checkYourForgetting()
            print("it agrees with the kit's BWT on \(count) accuracy matrices (partial runs, gaps, entries above the diagonal); "
                  + "from here on it computes the forgetting of every matrix the run produces")
        } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 6.1`, then `lpt check 6.1`)")
            throw ExitCode.failure
        } catch let error as ForgettingDisagreement {
            print("your forgetting is not right yet, so it reads no result: \(error) (`lpt check 6.1` shows more)")
            throw ExitCode.failure
        }
    }
}

Stage06.main()
