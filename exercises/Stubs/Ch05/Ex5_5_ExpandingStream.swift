// Exercise 5.5: accounting for a stream that outgrows its prompt (chapter 5, "Parameter accounting").
// Three tasks fit in the kit's prompt; a stream of nine fills it, and chapter 6's capacity rule
// lengthens it. Table 1's +Param must then count the prompt and the masks as they end up.

import ExerciseSupport

/// The prompt lengths, trained entries and +Param of a stream of `tasks` tasks learned by LPT.
/// The prompt has `entriesPerPosition` entries per position (1,024 for the kit's deep prompt) and
/// starts at `initialLength` positions (both at least 1); N = `backboneParameters`.
/// - Before each task, the capacity rule of `LotteryPrompt.expandIfNeeded(growth:)`: if the free
///   share, 1 − Double(union) / Double(P), is below `keepFraction` and `growth` > 0, the prompt gets
///   `growth` more positions, once. New positions are free; the union is the entries trained so far.
/// - Each task keeps the kept count of exercise 5.1 at its current P, and, at the kit's default score
///   offset, takes free entries before owned ones: it trains as many as it keeps or as are free.
/// - lengths[t] is the length task t was trained with; newEntries[t] the entries it trained itself.
/// - addedPercent is +Param after the last task, as a share of N in percent, in the units of
///   `LotteryAccounting`: the prompt at its final length, plus one mask per task; every stored mask
///   covers the final prompt, 8 bytes per started 64 entries, counted as bytes / 4 floats.
/// - No tasks: empty arrays, and +Param is the prompt at its initial length.
/// Example: N 1,000, 3 entries per position, length 2, growth 1, keep 0.5, 4 tasks → lengths
/// [2, 2, 3, 4], new entries [3, 3, 3, 3], +Param 1.2% + 4 · 0.2% = 2.0%. The main job's stream
/// (N 1,319,296, 1,024, length 20, growth 10, keep 0.3, 9 tasks) → [20, 20, 20, 30, 40, 50, 60,
/// 70, 80] and about 7.956%. The tests compare with `LotteryPrompt`, growing it with
/// `expandIfNeeded(growth:)`, and with `LotteryAccounting`.
public func expandingStreamAccounting(backboneParameters: Int, entriesPerPosition: Int, initialLength: Int,
                                      growth: Int, keepFraction: Double, tasks: Int) throws
    -> (lengths: [Int], newEntries: [Int], addedPercent: Double) {
    // TODO(5.5): replace the next line with your implementation (stuck? `lpt hint 5.5`).
    throw Unimplemented("5.5")
}
