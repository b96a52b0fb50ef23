// Exercise 5.5: parameter accounting (chapter 5, "Parameter accounting").
// The paper's Table 1 reports two shares of the backbone: Tune Param (what one task trains) and
// +Param (what the whole stream adds to the frozen model: one prompt plus one mask per task).

import ExerciseSupport

/// For a backbone of N = `backboneParameters` floats, a prompt of P = `promptParameters` entries,
/// a task that keeps `keepFraction` of them and T = `tasks` stored masks:
/// - maskBytes: one packed mask, 8 bytes per started word of 64 entries: 8·⌈P/64⌉;
/// - tunePercent: 100·|m| / N, with |m| the kept count of exercise 5.1 (same rounding, same clamp);
/// - addedPercent: 100·P / N + T · (100·maskBytes / 4 / N): the prompt plus T masks, each mask
///   counted in Float32 equivalents (32 bits each).
/// Percentages are Doubles. Examples: N 1,260,160, P 20,480, keep 0.3, T 13 → 2,560 bytes,
/// 0.4876%, 1.625% + 13 · 0.0508% = 2.2854%; P 1, 64, 65, 130 → 8, 8, 16, 24 bytes.
/// The tests compare with `LotteryAccounting`, keep 0, keep 1 and T = 0 included.
public func lotteryShares(backboneParameters: Int, promptParameters: Int, keepFraction: Double,
                          tasks: Int) throws -> (maskBytes: Int, tunePercent: Double, addedPercent: Double) {
    // TODO(5.5): replace the next line with your implementation (stuck? `lpt hint 5.5`).
    throw Unimplemented("5.5")
}
