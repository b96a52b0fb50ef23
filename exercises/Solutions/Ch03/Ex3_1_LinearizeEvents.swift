// Exercise 3.1 (solution): records from entities, relations as associations of their head,
// UIE's order (offsets lexicographically, then label), then the special-token string.

import ExerciseSupport
import SEL

public func linearizeRelations(entities: [TypedSpan], relations: [RelationMention]) throws -> String {
    typealias Item = (label: String, offsets: [Int], text: String)
    var records: [(item: Item, asocs: [Item])] = entities.map { (($0.type, $0.offset, $0.text), []) }
    for relation in relations where relation.args.count == 2 {
        let (head, tail) = (relation.args[0], relation.args[1])
        guard let i = records.firstIndex(where: { $0.item.offsets == head.offset && $0.item.label == head.type }) else { continue }
        records[i].asocs.append((relation.type, tail.offset, tail.text))
    }
    func ordered(_ items: [Item]) -> [Item] {
        var seen = Set<String>()
        return items.filter { !$0.text.isEmpty }
            .sorted { $0.offsets != $1.offsets ? $0.offsets.lexicographicallyPrecedes($1.offsets) : $0.label < $1.label }
            .filter { seen.insert("\($0.offsets)|\($0.label)").inserted }
    }
    let (o, c, k) = ("<extra_id_0>", "<extra_id_1>", "<extra_id_5>")
    var body: [String] = []
    for item in ordered(records.map(\.item)) {
        // The first record with these offsets and label carries the associations (step 1 found it).
        let asocs = records.first { $0.item.offsets == item.offsets && $0.item.label == item.label }!.asocs
        var parts = [o, item.label, k, item.text]
        for a in ordered(asocs) { parts += [o, a.label, k, a.text, c] }
        body.append((parts + [c]).joined(separator: " "))
    }
    return [o, body.joined(separator: " "), c].joined(separator: " ")
}
