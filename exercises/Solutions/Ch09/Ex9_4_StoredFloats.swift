// Exercise 9.4, reference solution: stored floats after T target tasks, counted two ways.

import ExerciseSupport
import TokenPrompts

public func storedFloats(arm: TargetArm, targetTasks: Int, options: TokenPromptOptions, bankWidth: Int,
                         positionFloats: Int) throws -> (paperCount: Int, everything: Int) {
    guard targetTasks > 0 else { return (0, 0) }
    let plain = (options.retrieved + options.taskPromptLength) * positionFloats
    let prompt = options.taskPromptLength * positionFloats, bank = options.bankSize * bankWidth
    switch arm {
    case .scratch, .multitaskStart: return (targetTasks * plain, targetTasks * plain)
    case .tptFrozen, .tptRandom, .tptMean: return (targetTasks * prompt, targetTasks * prompt + bank)
    case .tptTuned: return (targetTasks * prompt, targetTasks * (prompt + bank))
    }
}
