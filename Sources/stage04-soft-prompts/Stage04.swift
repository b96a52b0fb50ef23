// stage04-soft-prompts: chapter 4's executable. Prompt-tunes the frozen tiny-UIE backbone on one
// benchmark task of each type, with a shallow prompt (vectors before the input) and a deep one
// (key/value prefixes in every self-attention), and compares dev/test F1, trained parameters and
// seconds per epoch. Lines starting with [time] hold timings; everything else is deterministic.

import ArgumentParser
import CommandSupport
import Diagrams
import ExerciseSupport
import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

@main
struct Stage04: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage04-soft-prompts",
        abstract: "Stage 4: shallow vs deep prompt tuning on the frozen tiny-UIE backbone.",
        discussion: """
            Each (task, placement) pair trains a fresh prompt, keeps the prompt with the best dev F1 and \
            scores it on the test split. With --checkpoints DIR every run checkpoints after each epoch \
            and a rerun resumes. --mine trains every prompt through Li & Liang's reparameterisation \
            instead, laid out by the code you write in exercise 4.3 \
            (exercises/Stubs/Ch04/Ex4_3_ReparameterizedPrompt.swift): a seed row of \(MLPPrompt.seedWidth) per prompt \
            position and an MLP \(MLPPrompt.seedWidth) → \(MLPPrompt.hidden) → one prompt position's entries train, at \
            --mlp-learning-rate; your layout is checked against the MLP's own output first.
            Example: swift run -c release stage04-soft-prompts --epochs 15
            """)

    @Option(help: "Comma-separated task ids (one per type by default), or all for the 13 tasks.") var tasks = "ace04,conll04,casie,14lap"
    /// The --tasks list ("all": the 13 benchmark tasks in the benchmark's order).
    var taskIDs: [String] {
        tasks == "all" ? Benchmark.tasks.map(\.id) : tasks.split(separator: ",").map(String.init)
    }
    @Option(help: "Comma-separated placements: shallow, deep.") var placements = "shallow,deep"
    @Option(help: "Training sentences per task.") var train = 1000
    @Option(help: "Epochs per run.") var epochs = PromptTuningOptions().epochs
    @Option(help: "Adam learning rate of the prompt, or a comma-separated list of rates (one run per rate).")
    var learningRate = "\(PromptTuningOptions().learningRate)"
    /// The --learning-rate list as numbers (validated in validate()).
    var learningRates: [Float] { learningRate.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) } }
    @Option(help: "Prompt length (vectors or prefix positions).") var length = 20
    @Option(help: "Dev sentences scored after each epoch.") var devLimit = PromptTuningOptions().devLimit
    @Option(help: "Test sentences scored at the end.") var testLimit = 300
    @Option(help: "Backbone checkpoint folder (default: the shipped tiny-UIE).") var backbone: String?
    @Option(help: "Folder for per-run checkpoints (resumable).") var checkpoints: String?
    @Option(help: "After each run, print this many test outputs beside the gold target.") var show = 0
    @Option(help: "Print the most frequent label confusions on the test sentences (this many rows), of the backbone without a prompt and after tuning.")
    var confusion = 0
    @Option(help: "Write an SVG of dev F1 against training sentences seen, one line per run, to this file.") var figure: String?
    @Flag(help: "Train each prompt through an MLP, laid out by your code from exercise 4.3 (checked against the MLP's own output first).")
    var mine = false
    @Option(help: "With --mine: Adam's rate for the seed and the MLP (the prompt's own --learning-rate is for stored entries).")
    var mlpLearningRate: Float = MLPPrompt.defaultLearningRate

    /// Like `main()`, but a file-system error prints as one line naming the path and the cause.
    static func main() { mainWithReadableErrors() }

    func validate() throws {
        // Empty lists, absurd sizes, non-finite rates and empty paths are refused here, naming the
        // flag, before any model is loaded (the bounds are far above what a laptop run needs).
        guard !taskIDs.isEmpty else { throw ValidationError("--tasks needs at least one task id") }
        guard !placements.split(separator: ",").isEmpty else { throw ValidationError("--placements needs shallow, deep or both") }
        for (flag, value) in [("--backbone", backbone), ("--checkpoints", checkpoints), ("--figure", figure)] {
            try checkPath(value, flag)
        }
        for (flag, value, limit) in [("--train", train, 100_000), ("--epochs", epochs, 1_000), ("--length", length, 1_000),
                                     ("--dev-limit", devLimit, 100_000), ("--test-limit", testLimit, 100_000)] {
            try check(value, flag, in: 1...limit)
        }
        try check(show, "--show", in: 0...100_000)
        try check(confusion, "--confusion", in: 0...1_000)
        let rates = learningRate.split(separator: ",", omittingEmptySubsequences: false)
        guard !rates.isEmpty, rates.allSatisfy({ Float($0.trimmingCharacters(in: .whitespaces)) != nil }) else {
            throw ValidationError("--learning-rate must be a number or a comma-separated list of numbers, not '\(learningRate)'")
        }
        for rate in learningRates { try check(Double(rate), "--learning-rate", in: 0...100, openBelow: true) }
        try check(Double(mlpLearningRate), "--mlp-learning-rate", in: 0...100, openBelow: true)
        for id in taskIDs where Benchmark.task(id) == nil {
            throw ValidationError("unknown task '\(id)'; tasks: \(Benchmark.tasks.map(\.id).joined(separator: ", "))")
        }
        for p in placements.split(separator: ",") where PromptPlacement(rawValue: String(p)) == nil {
            throw ValidationError("unknown placement '\(p)'; use shallow, deep")
        }
    }

    func run() throws {
        let (model, vocabulary) = try Backbone.load(from: backbone.map { URL(fileURLWithPath: $0) } ?? Backbone.shippedFolder)
        if mine { try checkYourCode(model.config) }
        var options = PromptTuningOptions()
        (options.epochs, options.devLimit) = (epochs, devLimit)
        let rates = learningRates
        var benchmark = BenchmarkOptions()
        benchmark.trainSize = train
        print("backbone: \(model.parameterCount) parameters, frozen; \(epochs) epochs of \(train) sentences, batch \(options.batchSize), "
              + (mine ? "seed and MLP Adam \(mlpLearningRate)" : "Adam \(learningRate)"))
        print("| task | type | prompt | trained parameters | best dev F1 (epoch) | test F1 |")
        print("| --- | --- | --- | --- | --- | --- |")
        var timings: [String] = [], mineNotes: [String] = []
        // Learning curves: dev F1 after each epoch against the training sentences seen by then.
        var curves = LinePlot(title: "Prompt tuning on the frozen backbone: dev F1 while training",
                              xLabel: "training sentences seen (epochs × \(train))", yLabel: "dev F1")
        for id in taskIDs {
            let data = Benchmark.generate(Benchmark.task(id)!, options: benchmark)
            for placement in placements.split(separator: ",").compactMap({ PromptPlacement(rawValue: String($0)) }) {
            for rate in rates {
                var options = options
                options.learningRate = rate
                // With several rates, each run is named by its rate too.
                var run = rates.count > 1 ? "\(placement.rawValue), Adam \(rate)" : placement.rawValue
                var runID = rates.count > 1 ? "\(placement.rawValue)-lr\(rate)" : placement.rawValue
                    let layout = PromptLayout(placement, for: model.config, length: length)
                    let prompt: TunablePrompt
                    if mine {
                        prompt = MLPPrompt(layout: layout, learningRate: mlpLearningRate)
                        (run, runID) = (run + " via MLP (yours)", runID + "-mlp")
                    } else {
                        prompt = SoftPrompt(layout: layout, model: model)
                    }
                    let tuner = try PromptTuner(model: model, vocabulary: vocabulary, prompt: prompt, task: TuningTask(data), options: options)
                    let folder = checkpoints.map { URL(fileURLWithPath: $0).appendingPathComponent("\(id)-\(runID)") }
                    if let folder {
                        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                        _ = try tuner.resume(from: folder)
                    }
                    let bar = ProgressLine("\(id) \(run)", total: tuner.stepsPerEpoch)
                    try tuner.run(checkpointFolder: folder, progress: { step, loss in bar.update(step, detail: String(format: "loss %.3f", loss)) },
                                  report: { r in
                                      FileHandle.standardError.write(Data(String(format: "  epoch %2d  loss %.4f  dev F1 %5.1f  %.1f s\n",
                                                                                     r.epoch, r.trainLoss, r.devF1 ?? .nan, r.seconds).utf8))
                                  })
                    let test = try tuner.evaluate(Array(data.test.prefix(testLimit)))
                    if show > 0 {
                        let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
                        let examples = Array(data.test.prefix(show))
                        let outputs = evaluator.generate(examples, schemas: data.spec.schemas, constrained: options.constrained,
                                                         prompts: withNoGrad { prompt.promptInputs() })
                        for (example, output) in zip(examples, outputs) {
                            print("  text: \(example.text)\n  gold: \(SELToken.readable(example.record))\n  pred: \(SELToken.readable(output))")
                        }
                    }
                    if confusion > 0 {
                        let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
                        let examples = Array(data.test.prefix(testLimit)), schema = data.spec.schemas.record
                        for (title, inputs) in [("\(id), backbone without a prompt", PromptInputs.none),
                                                ("\(id), tuned \(run) prompt", withNoGrad { prompt.promptInputs() })] {
                            let outputs = evaluator.generate(examples, schemas: data.spec.schemas, constrained: options.constrained, prompts: inputs)
                            print(LabelConfusion(gold: examples, generated: outputs, schema: schema).table(confusion, title: title))
                        }
                    }
                    let scored = tuner.history.filter { $0.devF1 != nil }
                    curves.add(.init(name: "\(id) \(run)", xs: scored.map { Double($0.epoch * train) },
                                     ys: scored.map { $0.devF1! }))
                    let bestEpoch = scored.max { $0.devF1! < $1.devF1! }?.epoch ?? 0
                    let yours = prompt as? MLPPrompt
                    print(String(format: "| %@ | %@ | %@ | %d | %.1f (%d) | %.1f |", id, data.spec.kind.shortName, run,
                                 yours?.trainedParameters ?? layout.parameterCount, tuner.bestF1, bestEpoch, test))
                    if let yours {
                        mineNotes.append("\(id) \(run): your layout made \(yours.calls - yours.failures) of the \(yours.calls) prompts the run read"
                                         + (yours.failures == 0 ? "" : " (it threw \(yours.failures) times, and the kit's layout made those)")
                                         + "; \(yours.trainedParameters) seed and MLP parameters trained for \(layout.parameterCount) prompt entries")
                    }
                    let seconds = tuner.history.map(\.seconds).reduce(0, +) / Double(max(1, tuner.history.count))
                    timings.append(String(format: "[time] %@ %@: %.1f s per epoch (training and dev scoring)", id, run, seconds))
                    fflush(nil)
            }
            }
        }
        mineNotes.forEach { print($0) }
        timings.forEach { print($0) }
        if let figure {
            try FigureFile.write(curves.svg(), to: URL(fileURLWithPath: figure))
            print("wrote \(figure)")
        }
    }

    /// `--mine`: exercise 4.3 must exist and agree with the MLP's own output (values and gradients)
    /// on awkward layouts and on this run's own, before it lays out any prompt the run trains.
    func checkYourCode(_ config: T5Config) throws {
        let file = "exercises/Stubs/Ch04/Ex4_3_ReparameterizedPrompt.swift"
        print("== your code: the reparameterised prompt from exercise 4.3 (\(file)) ==")
        let cases: Int
        do {
            let runLayouts = placements.split(separator: ",").compactMap { PromptPlacement(rawValue: String($0)) }
                .map { PromptLayout($0, for: config, length: length) }
            cases = try checkYourReparameterization(runLayouts: runLayouts, seedWidth: MLPPrompt.seedWidth, hidden: MLPPrompt.hidden)
        } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 4.3`, then `lpt check 4.3`)")
            throw ExitCode.failure
        } catch let error as LayoutDisagreement {
            print("your layout is not right yet, so it trains nothing: \(error) (`lpt check 4.3` shows more)")
            throw ExitCode.failure
        } catch {
            print("your reparameterizedPrompt threw on a layout it must accept: \(error) (`lpt check 4.3`)")
            throw ExitCode.failure
        }
        print("it agrees with the MLP's own output, values and gradients, on \(cases) layouts (odd widths, 2 + 3 layers, length 1, and this run's); "
              + "from here on it lays out every prompt the run trains")
    }
}
