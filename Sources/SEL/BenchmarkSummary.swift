// A table of the benchmark's tasks (chapter 3): kind, domain, sizes, label sets and how many
import Foundation
// structures a sentence carries on average.

public enum BenchmarkSummary {
    /// `ceiling`: the headline F1 of the gold targets fed back as predictions on the test split.
    /// It is below 100 where UIE's offset matching places a repeated mention on another occurrence.
    public static func table(_ tasks: [TaskData]) -> String {
        var lines = ["| task | stands for | type | domain | train/dev/test | records per sentence | gold ceiling F1 | record labels | association labels |",
                     "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for data in tasks {
            let spec = data.spec, schema = spec.schemas.record
            let all = data.train + data.dev + data.test
            let records = all.reduce(0) { $0 + $1.spotAsoc.count }
            let perSentence = all.isEmpty ? 0 : Double(records) / Double(all.count)
            let ceiling = (try? scoreSEL(generated: data.test.map(\.record), gold: data.test, schemas: spec.schemas,
                                         strategy: spec.strategy).headlineF1(kind: spec.kind)) ?? .nan
            lines.append("| \(spec.id) | \(spec.stands) | \(spec.kind.shortName) | \(spec.domain) | \(data.train.count)/\(data.dev.count)/\(data.test.count) | "
                + "\(String(format: "%.2f", perSentence)) | \(String(format: "%.1f", ceiling)) | \(schema.types.joined(separator: ", ")) | \(schema.roles.isEmpty ? "–" : schema.roles.joined(separator: ", ")) |")
        }
        return lines.joined(separator: "\n")
    }
}
