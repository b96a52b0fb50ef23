// Exercise 3.1 (solution): one record per trigger, its arguments as associations (no records for
// them, unlike a relation's tail), then the chapter's order and the special-token string.

import ExerciseSupport
import SEL

public func linearizeEvents(_ events: [EventMention]) throws -> String {
    typealias Item = (label: String, offsets: [Int], text: String)
    // Non-empty spans, sorted by offsets (lexicographically) then label, each (offsets, label) once.
    // `sorted` is stable, so of two equal pairs the one listed first survives.
    func ordered<T>(_ items: [T], _ key: (T) -> Item) -> [T] {
        var seen = Set<String>()
        return items.filter { !key($0).text.isEmpty }
            .sorted {
                let (a, b) = (key($0), key($1))
                return a.offsets != b.offsets ? a.offsets.lexicographicallyPrecedes(b.offsets) : a.label < b.label
            }
            .filter { seen.insert("\(key($0).offsets)|\(key($0).label)").inserted }
    }
    let (o, c, k) = ("<extra_id_0>", "<extra_id_1>", "<extra_id_5>")
    var body: [String] = []
    for event in ordered(events, { ($0.type, $0.offset, $0.text) }) {
        var parts = [o, event.type, k, event.text]
        for argument in ordered(event.args, { ($0.type, $0.offset, $0.text) }) {
            parts += [o, argument.type, k, argument.text, c]
        }
        body.append((parts + [c]).joined(separator: " "))
    }
    return [o, body.joined(separator: " "), c].joined(separator: " ")
}
