// Exercise 9.4: what a method stores after many tasks (chapter 9, "Counting parameters"). The
// chapter's table counts one task. A method that serves T target tasks keeps every task's own
// floats, plus once whatever all tasks share; the paper's count keeps only the task prompts.

import ExerciseSupport
import TokenPrompts

/// Floats stored beyond the frozen backbone to run all `targetTasks` tasks with `arm`. A bank slot
/// is `bankWidth` floats (one input vector); one position of a task prompt or of a plain prompt is
/// `positionFloats` floats (d_model when shallow; a key and a value in every layer when deep). The
/// sizes come from `options` (bankSize, retrieved, taskPromptLength).
/// `paperCount`: the task-specific prompts alone: the k + n-position prompt of each task for the
/// two plain arms, the n-position task prompt of each task for every TPT arm.
/// `everything`: all a deployment keeps: the plain prompts; or each task's prompt plus one shared
/// frozen bank; or, when the bank is tuned per task, a prompt and a bank for every task.
/// Zero tasks store nothing. Example (M 120, k 10, n 10, bank width 128, 1,024 floats per deep
/// position): tpt-frozen, 3 tasks → paperCount 30,720, everything 46,080.
public func storedFloats(arm: TargetArm, targetTasks: Int, options: TokenPromptOptions, bankWidth: Int,
                         positionFloats: Int) throws -> (paperCount: Int, everything: Int) {
    // TODO(9.4): replace the next line with your implementation (stuck? `lpt hint 9.4`).
    throw Unimplemented("9.4")
}
