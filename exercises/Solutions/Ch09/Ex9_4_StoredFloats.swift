// Exercise 9.4, reference solution: stored floats after T target tasks, counted two ways.

import ExerciseSupport
import TokenPrompts

public func storedFloats(arm: TargetArm, targetTasks: Int, options: TokenPromptOptions, width: Int) throws -> (paperCount: Int, everything: Int) {
    guard targetTasks > 0 else { return (0, 0) }
    let plain = (options.retrieved + options.taskPromptLength) * width
    let prompt = options.taskPromptLength * width, bank = options.bankSize * width
    switch arm {
    case .scratch, .multitaskStart: return (targetTasks * plain, targetTasks * plain)
    case .tptFrozen, .tptRandom, .tptMean: return (targetTasks * prompt, targetTasks * prompt + bank)
    case .tptTuned: return (targetTasks * prompt, targetTasks * (prompt + bank))
    }
}
