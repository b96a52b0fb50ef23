// Exercise 3.1: linearize a relation record (chapter 3, "Linearization: one order, always").
// UIE's target lists one record per entity; each relation becomes an association on its head
// entity's record, pointing at the tail's text. The order is part of the target.

import ExerciseSupport
import SEL

/// The SEL target of one sentence's entities and relations, byte for byte as the kit's
/// Linearizer writes it.
/// - One record per entity: label = its type, span = its text. A relation (args[0] = head,
///   args[1] = tail) becomes an association (label = relation type, span = tail text) of the
///   record whose offsets and type equal the head's; a relation whose head is no entity is skipped.
/// - Records are ordered by offsets compared lexicographically as index lists ([0] before
///   [0, 1] before [1]), then by label; a record's associations likewise by their tail's offsets,
///   then by label. Empty spans are left out, and each (offsets, label) pair appears once.
///   The result does not depend on the order of the inputs.
/// - Tokens: `<extra_id_0>` opens, `<extra_id_1>` closes, `<extra_id_5>` separates label and span,
///   and every token is separated from the next by exactly one space.
/// Example (head Mary Lee [0, 1], tails Orbis Labs [6, 7] and Dunmore [11], in readable form):
/// ((people: Mary Lee (work for: Orbis Labs) (live in: Dunmore)) (organization: Orbis Labs) (location: Dunmore))
/// No entities at all gives "<extra_id_0>  <extra_id_1>" (two spaces: an empty list joined between the brackets).
/// The tests also compare with the benchmark generator's own targets for every non-event task.
public func linearizeRelations(entities: [TypedSpan], relations: [RelationMention]) throws -> String {
    // TODO(3.1): replace the next line with your implementation (stuck? `lpt hint 3.1`).
    throw Unimplemented("3.1")
}
