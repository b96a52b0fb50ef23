// Exercise 3.1: linearize a relation record (chapter 3, "Linearization: one order, always").
// UIE's target lists one record per entity; each relation becomes an association on its head
// entity's record, pointing at the tail's text. The order is part of the target.

import ExerciseSupport
import SEL

/// The SEL target of one sentence's entities and relations, with the full special tokens:
/// `<extra_id_0>` opens, `<extra_id_1>` closes, `<extra_id_5>` separates label and span, and
/// every token is separated from the next by exactly one space.
/// Example (head Mary Lee [0, 1], tails Orbis Labs [6, 7] and Dunmore [11], in readable form):
/// ((people: Mary Lee (work for: Orbis Labs) (live in: Dunmore)) (organization: Orbis Labs) (location: Dunmore))
/// No entities at all gives "<extra_id_0>  <extra_id_1>" (two spaces: an empty list joined between the brackets).
public func linearizeRelations(entities: [TypedSpan], relations: [RelationMention]) throws -> String {
    // TODO(3.1): build the target in four steps.
    // 1. One record per entity: (label = type, offsets, text). A relation (args[0] = head,
    //    args[1] = tail) adds the association (relation type, tail offsets, tail text) to the
    //    record whose offsets and type equal the head's; skip it if there is none.
    // 2. Drop records and associations with an empty text. Sort records by offsets, compared
    //    lexicographically ([0] before [0, 1] before [1]; `lexicographicallyPrecedes`), then by
    //    label; keep only the first record of each (offsets, label) pair.
    // 3. Inside each record, sort associations the same way by their tail's offsets, then by
    //    label (the kit's tie rule), keeping the first of each (offsets, label) pair.
    // 4. Write a record as  <0> label <5> text  then each association as  <0> label <5> text <1>,
    //    then <1>; join the records with spaces and wrap them as  <0> … <1>  (see the example).
    throw Unimplemented("3.1")
}
