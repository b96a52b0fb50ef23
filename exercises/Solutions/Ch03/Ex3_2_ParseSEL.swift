// Exercise 3.2 (solution): cut at the first complete structure, repair missing closers, read
// records (depth 2) and associations (depth 3) with a counter, then filter labels and spans.

import ExerciseSupport
import SEL

public func parseSEL(_ generated: String, recordLabels: Set<String>, associationLabels: Set<String>,
                     text: String) throws -> SELParse {
    let (open, close, colon) = ("<extra_id_0>", "<extra_id_1>", "<extra_id_5>")
    let all = generated.split(separator: " ").map(String.init)
    guard let first = all.firstIndex(where: { $0.hasPrefix("<extra_id_") }), all[first] == open else {
        return SELParse(records: [], status: .illFormed)
    }
    var words: [String] = [], depth = 0, status = ParseStatus.fixed
    for word in all[first...] {
        words.append(word)
        depth += word == open ? 1 : word == close ? -1 : 0
        if depth == 0 { status = .wellFormed; break }
    }
    words += Array(repeating: close, count: depth)

    var raw: [(words: [String], asocs: [[String]])] = []
    depth = 0
    for word in words {
        if word == open {
            depth += 1
            if depth == 2 { raw.append(([], [])) }
            if depth == 3 { raw[raw.count - 1].asocs.append([]) }
        } else if word == close {
            depth -= 1
        } else if depth == 2 {
            raw[raw.count - 1].words.append(word)
        } else if depth == 3 {
            let r = raw.count - 1
            raw[r].asocs[raw[r].asocs.count - 1].append(word)
        }
    }

    func accept(_ w: [String], _ labels: Set<String>) -> (String, String)? {
        let colons = w.indices.filter { w[$0] == colon }
        let (label, span) = colons.count == 1
            ? (w[..<colons[0]].joined(separator: " "), w[(colons[0] + 1)...].joined(separator: " "))
            : (w.first ?? "", w.dropFirst().joined(separator: " "))
        guard labels.contains(label), span != "<extra_id_6>", span.isEmpty || text.contains(span) else { return nil }
        return (label, span)
    }
    var records: [ParsedRecord] = []
    for r in raw {
        guard let (label, span) = accept(r.words, recordLabels) else { continue }
        let asocs = r.asocs.compactMap { accept($0, associationLabels) }.map { ParsedAssociation(label: $0.0, span: $0.1) }
        records.append(ParsedRecord(label: label, span: span, associations: asocs))
    }
    return SELParse(records: records, status: status)
}
