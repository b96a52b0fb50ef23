// LPT's capacity rule (chapter 6): when the free share falls below the keep fraction, prompt
// positions are appended; old tasks' logits stay bit-identical across the expansion and after a
// task trained on the longer prompt; the state saves and loads at its new length.

import Foundation
import LotteryMasks
import SEL
import SoftPrompts
import T5
import Tensors
import Testing

@Suite struct ExpansionTests {
    @Test("old tasks' logits are bit-identical across an expansion and a later task")
    func bitIdenticalAcrossExpansion() throws {
        let (model, vocabulary, tasks) = tinyTasks(["14lap", "ace04", "conll04"])
        var options = LotteryOptions()
        options.keepFraction = 0.5
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model, options: options)
        var recorded: [String: [Float]] = [:]
        var expanded = 0
        for task in tasks {
            expanded += lottery.expandIfNeeded(growth: 2)
            lottery.beginTask()
            try PromptTuner(model: model, vocabulary: vocabulary, prompt: lottery, task: task, options: tinyOptions()).run()
            lottery.finishTask(task.id)
            recorded[task.id] = logits(model, vocabulary, task, lottery.inputs(forTask: task.id)!)
            for earlier in tasks where recorded[earlier.id] != nil {
                #expect(bitDifference(logits(model, vocabulary, earlier, lottery.inputs(forTask: earlier.id)!), recorded[earlier.id]) == nil)
            }
        }
        // keep 0.5: free 0.5 after task 1 (no expansion), below 0.5 after task 2 → one expansion.
        #expect(expanded >= 2)
        #expect(lottery.layout.length == 4 + expanded)
        #expect(lottery.lengths.first == 4 && lottery.lengths.last == lottery.layout.length)
    }

    @Test("the rule fires only below the keep fraction; masks keep their entries at the same positions")
    func ruleAndWidening() {
        let (model, _, _) = tinyTasks(["14lap"])
        var options = LotteryOptions()
        options.keepFraction = 0.3
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model, options: options)
        #expect(lottery.expandIfNeeded(growth: 2) == 0)
        let before = lottery.values.data
        let mask = lottery.finishTask("a")
        let oldLayout = lottery.layout
        lottery.expand(by: 2)
        let widened = lottery.masks[0].mask
        #expect(widened.popcount == mask.popcount && lottery.owned.popcount == mask.popcount)
        // Entry (block b, position p, column c) keeps its value and its bit.
        let w = oldLayout.width
        for b in 0..<oldLayout.blocks {
            for p in 0..<4 {
                for c in stride(from: 0, to: w, by: 17) {
                    let old = (b * 4 + p) * w + c, new = (b * 6 + p) * w + c
                    #expect(lottery.values.data[new] == before[old] && widened[new] == mask[old])
                }
            }
        }
        #expect(lottery.freeCapacity > 1 - Double(mask.popcount) / Double(oldLayout.parameterCount))
    }

    @Test("an expanded state saves and loads at its new length with its per-task lengths")
    func saveLoadExpanded() throws {
        let (model, vocabulary, tasks) = tinyTasks(["14lap", "ace04"])
        let lottery = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model)
        lottery.finishTask(tasks[0].id)
        lottery.expand(by: 3)
        lottery.finishTask(tasks[1].id)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-expand-\(UUID().uuidString)")
        try lottery.save(to: folder)
        let loaded = LotteryPrompt(layout: PromptLayout(.deep, for: model.config, length: 4), model: model)
        try loaded.load(from: folder)
        #expect(loaded.layout.length == 7 && loaded.lengths == [4, 7])
        for task in tasks {
            #expect(bitDifference(logits(model, vocabulary, task, loaded.inputs(forTask: task.id)!), logits(model, vocabulary, task, lottery.inputs(forTask: task.id)!)) == nil)
        }
    }
}
