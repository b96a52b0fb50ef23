// stage06-continual-loop: chapter 6's executable. Learns a short task stream with LPT and with
// sequential fine-tuning (or any --methods), in this process, and prints each accuracy matrix and
// the Table 1 columns. `lpt run` is the full-size version of the same loop.

import ArgumentParser
import ContinualLoop
import Foundation
import SEL

struct Stage06: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage06-continual-loop",
        abstract: "Stage 6: a short task stream with LPT and fine-tuning: accuracy matrices, Average, BWT, FWT.",
        discussion: "Example: swift run -c release stage06-continual-loop --tasks 14lap,ace04,16res")

    @Option(help: "Comma-separated task ids, in learning order.") var tasks = "14lap,ace04,16res"
    @Option(help: "Comma-separated methods (see lpt learn --help).") var methods = "lpt,fine-tuning"
    @Option(help: "Training sentences per task.") var train = 300
    @Option(help: "Epochs per task for prompt methods.") var promptEpochs = 6
    @Option(help: "Epochs per task for full fine-tuning methods.") var fullEpochs = 3
    @Option(help: "Test sentences per matrix cell.") var testLimit = 40
    @Option(help: "Folder for the resumable state (default: a fresh temporary folder).") var checkpoints: String?

    func validate() throws {
        for id in tasks.split(separator: ",") where Benchmark.task(String(id)) == nil {
            throw ValidationError(ContinualError.unknownTask(String(id)).description)
        }
        for m in methods.split(separator: ",") where ContinualMethod(rawValue: String(m)) == nil {
            throw ValidationError(ContinualError.unknownMethod(String(m)).description)
        }
        guard train > 0, promptEpochs > 0, fullEpochs > 0, testLimit > 0 else { throw ValidationError("sizes and epochs must be positive") }
    }

    func run() throws {
        var options = ExperimentOptions()
        (options.trainSize, options.promptEpochs, options.fullEpochs, options.testLimit, options.devLimit) = (train, promptEpochs, fullEpochs, testLimit, 20)
        let ids = tasks.split(separator: ",").map(String.init)
        let root = URL(fileURLWithPath: checkpoints ?? NSTemporaryDirectory() + "stage06-\(UUID().uuidString)")
        var results: [ContinualResult] = []
        for method in methods.split(separator: ",").compactMap({ ContinualMethod(rawValue: String($0)) }) {
            let job = ContinualJob(method: method, order: nil, taskIDs: ids, options: options, backbone: Backbone.shippedFolder)
            let result = try job.run(folder: root.appendingPathComponent(method.rawValue), showProgress: false) { print($0) }
            if let matrix = result.matrix { print("\n\(method.displayName): accuracy matrix\n" + ContinualTables.matrix(matrix) + "\n") }
            results.append(result)
        }
        let initial = try backboneScores(taskIDs: ids, options: options, backbone: Backbone.shippedFolder, cache: nil)
        print(ContinualTables.table1(results, initial: initial, individual: nil))
    }
}

Stage06.main()
