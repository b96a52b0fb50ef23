// stage09 --mine: exercise 9.3's slot usage, in the chapter's usage table. Each task's reads per
// slot and the share of its reads in its k most-read slots come from the learner's code, after
// they have matched the kit's on hand-made and seeded random slot sets.

import ArgumentParser
import ExerciseSupport
import Exercises09
import Tensors
import TokenPrompts

/// Why the learner's usage was refused.
struct UsageDisagreement: Error, CustomStringConvertible {
    let description: String
}

/// Compares the learner's `slotUsage` with `RetrievalAnalysis.usage` (and the unread slots with
/// the zero counts); returns the cases checked.
func checkYourSlotUsage() throws -> Int {
    var cases: [(sets: [[Int]], bank: Int)] = [([[0, 1], [0, 2], [0, 1]], 4), ([], 3), ([[1, 4], [1, 4]], 5)]
    var rng = SeededGenerator(seed: 909)
    for _ in 0..<12 {
        let bank = 3 + rng.nextInt(below: 20), k = 1 + rng.nextInt(below: bank - 1)
        cases.append(((0..<rng.nextInt(below: 12)).map { _ in Retrieval.randomSlots(size: bank, k: k, rng: &rng) }, bank))
    }
    for (sets, bank) in cases {
        let task = TaskSlots(task: "check", slots: sets)
        let kit = RetrievalAnalysis.usage(task, bankSize: bank, k: sets.first?.count ?? 0)
        let yours = try slotUsage(sets, bankSize: bank)
        guard yours.counts == kit.counts, abs(yours.topShare - kit.topShare) <= 1e-12,
              yours.unread == kit.counts.indices.filter({ kit.counts[$0] == 0 }) else {
            throw UsageDisagreement(description: "for slot sets \(sets) in a bank of \(bank): yours \(yours), the kit's counts \(kit.counts), share \(kit.topShare)")
        }
    }
    return cases.count
}

/// The usage the table shows, from the learner's code.
func yourUsage(_ task: TaskSlots, bankSize: Int) throws -> RetrievalAnalysis.SlotUsage {
    let yours = try slotUsage(task.slots, bankSize: bankSize)
    return (yours.counts, yours.topShare)
}

extension Stage09 {
    /// `--mine`: exercise 9.3 must exist and match the kit's usage before the run starts, so a
    /// learner does not wait for the experiment to learn the stub is still a stub.
    func checkYourCode() throws {
        let file = "exercises/Stubs/Ch09/Ex9_3_SlotUsage.swift"
        print("== your code: slot usage from exercise 9.3 (\(file)) ==")
        do {
            print("it matches the kit's on \(try checkYourSlotUsage()) cases; the usage table below is built from it")
        } catch let error as Unimplemented {
            print("\(error): write it in \(file) (`lpt hint 9.3`, then `lpt check 9.3`)")
            throw ExitCode.failure
        } catch let error as UsageDisagreement {
            print("your slot usage is not right yet, so the table does not use it: \(error) (`lpt check 9.3` shows more)")
            throw ExitCode.failure
        }
    }
}
