// Exercise 3.2: parse generated SEL, even when closers are missing (chapter 3, "Reading generated SEL back").
// A model's output is untrusted. UIE's reader cuts it at the first complete structure, appends
// any missing closers, reads records and associations, and keeps only what passes the filters.

import ExerciseSupport
import SEL

/// The records in `generated` and how its brackets were judged, as the kit's SELParser reads
/// them (without its `<unk>` repair). `generated` is words separated by spaces, each special
/// token a word of its own; `recordLabels` and `associationLabels` are the schema's label lists.
/// - Status: .illFormed, with no records, when there is no special word (one starting with
///   "<extra_id_") or the first one is not `<extra_id_0>`. Otherwise the structure starts there
///   (earlier words are ignored) and ends where its brackets first balance: .wellFormed, and any
///   later words are ignored; if they never balance, the missing closers count as appended: .fixed.
/// - Brackets directly inside the root are records, brackets directly inside a record are its
///   associations; deeper brackets are ignored, and words of a record after one of its
///   associations still belong to the record.
/// - Label and span: with exactly one `<extra_id_5>` in a word list, the words before and after
///   it (each joined by single spaces); otherwise the first word and the remaining words.
/// - Kept: a record whose label is in `recordLabels`, whose span is not `<extra_id_6>` and occurs
///   in `text` as a substring (an empty span counts as contained); its associations are kept by
///   the same rules against `associationLabels`, each on its own.
/// Example: "<extra_id_0> <extra_id_0> people <extra_id_5> Mary Lee" → one record
/// (people: Mary Lee), status .fixed (two closers were missing). The empty string is .illFormed.
/// The tests compare with SELParser on the chapter's malformed outputs and 400 random strings.
public func parseSEL(_ generated: String, recordLabels: Set<String>, associationLabels: Set<String>,
                     text: String) throws -> SELParse {
    // TODO(3.2): replace the next line with your implementation (stuck? `lpt hint 3.2`).
    throw Unimplemented("3.2")
}
