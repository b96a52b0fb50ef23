// What every continual learner does (chapter 6). A learner sees tasks one at a time. For each it
// hands the trainer something to tune (a prompt, adapters, the whole model), gets told when the
// task is over, and from then on must answer for that task whenever it is asked (the task's
// identity is known at test time, as in the paper). Its state is saved after every task.

import Foundation
import SEL
import SoftPrompts
import T5
import Tensors

// snippet.continual-learner
public protocol ContinualLearner: AnyObject {
    var method: ContinualMethod { get }
    /// The model the learner trains or prompts (its own copy of the backbone).
    var model: T5Model { get }
    var vocabulary: Vocabulary { get }
    /// The trainer's options for this method (epochs, learning rate, ...).
    var tuning: PromptTuningOptions { get }
    /// What the trainer tunes on `task`, and on which examples (replay adds stored ones).
    func begin(_ task: TaskData) throws -> (tunable: TunablePrompt, task: TuningTask)
    /// Called once the trainer is done (the best dev state is already restored).
    func finish(_ task: TaskData) throws
    /// F1 on `examples` of `task` with the learner as it is now. `learned` is false for a task
    /// the learner has not trained yet (forward transfer asks for those).
    func evaluate(_ task: TaskData, examples: [UIEExample], learned: Bool) throws -> Double
    /// Everything needed to carry on after the tasks learned so far.
    func save(to folder: URL) throws
    func load(from folder: URL) throws
    /// Parameter and memory accounting after `tasks` tasks (the paper's Table 1 columns).
    func accounting(tasks: Int) -> MethodAccounting
}
// snippet.end

/// The methods of the paper's Table 1.
public enum ContinualMethod: String, Codable, CaseIterable, Sendable {
    case fineTuning = "fine-tuning"
    case ewc
    case er
    case adapterCL = "adaptercl"
    case cpt = "c-pt"
    case l2p
    case lpt
    case individual
    case multitaskPrompt = "mt-prompt"
    case multitaskAdapter = "mt-adapter"
    case multitaskFineTuning = "mt-fine-tuning"

    public var displayName: String {
        switch self {
        case .fineTuning: "Fine-tuning"
        case .ewc: "EWC"
        case .er: "ER"
        case .adapterCL: "AdapterCL"
        case .cpt: "C-PT"
        case .l2p: "L2P"
        case .lpt: "LPT"
        case .individual: "Individual"
        case .multitaskPrompt: "Multi-task prompt tuning"
        case .multitaskAdapter: "Multi-task adapter tuning"
        case .multitaskFineTuning: "Multi-task fine-tuning"
        }
    }

    /// Trained once on the union of all tasks: an upper bound, not a continual learner.
    public var isMultitask: Bool { [.multitaskPrompt, .multitaskAdapter, .multitaskFineTuning].contains(self) }
    /// One model per task, each trained alone (order does not matter).
    public var isOrderFree: Bool { isMultitask || self == .individual }
}

/// The paper's Table 1 columns, as exact counts. Shares are of the backbone's N parameters.
public struct MethodAccounting: Codable, Equatable, Sendable {
    /// Parameters trained per task.
    public var tunedParameters: Int
    /// Parameters stored beyond the backbone after all tasks (bits count as 1/32 of a float).
    public var addedParameters: Double
    /// Training examples kept from earlier tasks, per task.
    public var memoryPerTask: Int
    public init(tunedParameters: Int, addedParameters: Double, memoryPerTask: Int = 0) {
        (self.tunedParameters, self.addedParameters, self.memoryPerTask) = (tunedParameters, addedParameters, memoryPerTask)
    }
}

/// Errors a learner or a run reports about its saved state or its input.
public enum ContinualError: Error, CustomStringConvertible, Equatable {
    case malformedState(path: String, reason: String)
    case unknownMethod(String)
    case unknownTask(String)
    case orderMismatch(path: String, saved: [String], requested: [String])
    case stopped(task: String, epoch: Int)
    /// The folder holds a run made with other settings; `differences` reads "--train 16 (now 32)".
    case settingsChanged(path: String, differences: [String])

    public var description: String {
        switch self {
        case .malformedState(let p, let r): return "\(p): not a usable continual-learning state (\(r))"
        case .unknownMethod(let m):
            return "unknown method '\(m)'; choose from \(ContinualMethod.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownTask(let t): return "unknown task '\(t)'; see `lpt benchmark list`"
        case .stopped(let t, let e): return "stopped on request after epoch \(e) of task \(t); run again to resume"
        case .orderMismatch(let p, let s, let r):
            return "\(p) holds a run over \(s.joined(separator: ",")), not \(r.joined(separator: ",")); use another folder or remove it"
        case .settingsChanged(let p, let d):
            return "\(p) holds a run made with other settings: \(d.joined(separator: ", ")); rerun with the saved settings to resume, "
                + "or delete the folder or choose another --output to start afresh"
        }
    }
}

/// Scores `examples` with one fixed set of prompt inputs: the usual `evaluate` of a learner.
public func headlineF1(model: T5Model, vocabulary: Vocabulary, task: TaskData, examples: [UIEExample],
                       prompts: PromptInputs, constrained: Bool) throws -> Double {
    let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
    return try evaluator.evaluate(examples, schemas: task.spec.schemas, strategy: task.spec.strategy,
                                  constrained: constrained, prompts: prompts).headlineF1(kind: task.spec.kind)
}
