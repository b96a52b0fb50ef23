// Exercise 3.2: parse generated SEL, even when closers are missing (chapter 3, "The parser").
// A model's output is untrusted. UIE's reader cuts it at the first complete structure, appends
// any missing closers, reads records and associations, and keeps only what passes the filters.

import ExerciseSupport
import SEL

/// The records in `generated` (special tokens separated by spaces, as the model's decoder writes
/// them) and how its brackets were judged. `recordLabels` and `associationLabels` are the schema's
/// two label lists; every kept span must occur in `text`.
/// Example: "<extra_id_0> <extra_id_0> people <extra_id_5> Mary Lee" parses as one record
/// (people: Mary Lee) with status .fixed: two closers were missing.
public func parseSEL(_ generated: String, recordLabels: Set<String>, associationLabels: Set<String>,
                     text: String) throws -> SELParse {
    // TODO(3.2): follow chapter 3's parser rules on the words of `generated` (split on spaces).
    // 1. Find the first special word (one starting with "<extra_id_"). If there is none, or it is
    //    not "<extra_id_0>", return no records, .illFormed. Words before it are ignored.
    // 2. From there, count "<extra_id_0>" as +1 and "<extra_id_1>" as -1. Keep the words up to the
    //    one where the depth first returns to 0 (.wellFormed) and ignore the rest. If it never
    //    does, append the missing "<extra_id_1>"s: that is .fixed.
    // 3. Read with a depth counter: depth 1 is the root (its own words are ignored), an opener
    //    that reaches depth 2 starts a record, depth 3 an association of the current record;
    //    deeper words are ignored. A record's words after an association still belong to it.
    // 4. Label and span of a word list: with exactly one "<extra_id_5>", the words before it and
    //    the words after it, each joined by spaces. Otherwise the first word and the rest.
    // 5. Keep a record only if its label is in recordLabels, its span is not "<extra_id_6>" and
    //    the span is a substring of `text` (an empty span counts as contained, like Python's
    //    `"" in text`). Keep its associations by the same rules, against associationLabels.
    throw Unimplemented("3.2")
}
