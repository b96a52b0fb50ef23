// Exercise 3.4: the one number an event task is judged by (chapter 3, "The scorer").
// UIE reports events by two micro-F1s, trigger and role; the kit's headline for an event task is
// their mean, and chapters 4 to 7 rank methods and draw the lifelong matrices with it.

import ExerciseSupport
import SEL

/// The headline F1 of an event task, in percent, from its test-set counts broken down by label.
/// - `triggers`: the offset-level `evt-trigger` counts (tp, gold, pred), one entry per event type.
/// - `roles`: the offset-level `evt-role` counts, one entry per (event type, role) label, keyed
///   like "attack / attacker". Keys only name the labels; a label may appear in one dictionary
///   and not the other.
/// - The answer is the kit's headline for an event task, the mean of trigger F1 and role F1, as
///   the scorer computes it on the test set these counts come from: it counts the tuples of every
///   label together, and each F1 is UIE's micro-F1 in percent (a division by zero gives 0). A label
///   whose counts are all 0 therefore changes nothing, and a task with no role tuples at all
///   scores half its trigger F1. Empty dictionaries give 0.
/// Example: triggers attack (tp 2, gold 2, pred 2) and die (0, 2, 0), roles "attack / attacker"
/// (1, 3, 2) → trigger F1 = 66.67 (P 100, R 50), role F1 = 40 (P 50, R 33.33), answer 53.33.
/// The tests compare with the kit's full scorer on the two event tasks, with noisy predictions.
public func eventScore(triggers: [String: ScoreCounts], roles: [String: ScoreCounts]) throws -> Double {
    // TODO(3.4): replace the next line with your implementation (stuck? `lpt hint 3.4`).
    throw Unimplemented("3.4")
}
