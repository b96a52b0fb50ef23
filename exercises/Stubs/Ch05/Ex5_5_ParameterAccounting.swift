// Exercise 5.5: parameter accounting (chapter 5, "What LPT costs").
// The paper's Table 1 reports two shares of the backbone: Tune Param (what one task trains) and
// +Param (what the whole stream adds to the frozen model: one prompt plus one mask per task).

import ExerciseSupport

/// For a backbone of N = `backboneParameters` floats, a prompt of P = `promptParameters` entries,
/// a task that keeps `keepFraction` of them and T = `tasks` stored masks:
/// - maskBytes: one packed mask, 8 bytes per started word of 64 entries: 8·⌈P/64⌉;
/// - tunePercent: 100·|m| / N, with |m| = round(keep·P) (the kept count of exercise 5.1);
/// - addedPercent: 100·P / N + T · (100·maskBytes / 4 / N): a mask counted in Float32 equivalents.
/// Example: N 1,260,160, P 20,480, keep 0.3, T 13 → 2,560 bytes, 0.488%, 1.625% + 13 · 0.0508%.
public func lotteryShares(backboneParameters: Int, promptParameters: Int, keepFraction: Double,
                          tasks: Int) throws -> (maskBytes: Int, tunePercent: Double, addedPercent: Double) {
    // TODO(5.5): ⌈P/64⌉ in integers is (P + 63) / 64. The kept count rounds like exercise 5.1
    // (.rounded(), clamped to 0...P). Convert to Double before dividing: in Int, 100·6,144 / N
    // is 0. A mask of B bytes is 8·B bits, i.e. B / 4 Float32 parameters.
    throw Unimplemented("5.5")
}
