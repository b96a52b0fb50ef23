// The structural schema instructor (chapter 3): the source sequence
// `<spot> label … <asoc> label … <extra_id_2> sentence`. At evaluation each section is sorted
// by code point; at training each is shuffled per example and holds every label of the schema
// (UIE's default negative sampling adds all absent labels), so the model must read the prompt
// rather than rely on the position of a label.

import Tensors

public struct SchemaPrompt: Equatable, Sendable {
    public var recordLabels: [String]
    public var associationLabels: [String]

    public init(recordLabels: [String], associationLabels: [String]) {
        (self.recordLabels, self.associationLabels) = (recordLabels, associationLabels)
    }

    /// From `record.schema`: line 1 holds the record labels, line 2 the association labels.
    public init(recordSchema: Schema) { self.init(recordLabels: recordSchema.types, associationLabels: recordSchema.roles) }

    // snippet.schema-prompt
    /// The prompt for evaluation: both sections sorted.
    public func evaluationPrefix() -> String {
        render(spots: recordLabels.sorted(), asocs: associationLabels.sorted())
    }

    /// The prompt for one training example: both sections shuffled separately.
    public func trainingPrefix(_ rng: inout SeededGenerator) -> String {
        var spots = recordLabels, asocs = associationLabels
        rng.shuffle(&spots)
        rng.shuffle(&asocs)
        return render(spots: spots, asocs: asocs)
    }

    func render(spots: [String], asocs: [String]) -> String {
        let parts = spots.map { "\(SELToken.spot) \($0)" } + asocs.map { "\(SELToken.asoc) \($0)" }
        return (parts + [SELToken.textSeparator]).joined(separator: " ")
    }
    // snippet.end

    /// Prompt and sentence as one source string.
    public func source(text: String, training rng: inout SeededGenerator?) -> String {
        if rng != nil { return trainingPrefix(&rng!) + " " + text }
        return evaluationPrefix() + " " + text
    }
}

extension SeededGenerator {
    /// Fisher-Yates with the kit's portable generator (Swift's shuffle would use another RNG path).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, nextInt(below: i + 1))
        }
    }
}
