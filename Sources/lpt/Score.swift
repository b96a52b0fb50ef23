// `lpt score`: UIE's evaluation of generated SEL against a gold test file (chapter 3).
// All the work is in the SEL library (DatasetIO, scoreSEL, ScoreReport);
// this command reads the files and prints.

import ArgumentParser
import CommandSupport
import Foundation
import SEL

extension OffsetStrategy: ExpressibleByArgument {}
extension MatchMode: ExpressibleByArgument {}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score generated SEL (one line per gold sentence) with UIE's 60 metrics.",
        discussion: """
            The schema folder holds record.schema (the parser's label filter), entity.schema and \
            event.schema (which records are entities and events). UIE maps spans to offsets with \
            `closest` for every English dataset except CoNLL03, which uses `first`.
            """)

    @Option(help: "Gold JSON-lines file (UIE's test.json format).")
    var gold: String

    @Option(help: "Generated SEL, one line per gold line.")
    var pred: String

    @Option(help: "Folder with record.schema, entity.schema, relation.schema and event.schema.")
    var schemaDir: String

    @Flag(help: "Print a flat JSON object with the 60 metrics instead of a table.")
    var json = false

    @Option(help: "Span-to-offset strategy: closest or first.")
    var strategy: OffsetStrategy = .closest

    @Option(help: "Matching mode: normal, set or multimatch.")
    var match: MatchMode = .normal

    // A plain string, so this file adds no argument conformance to SEL's shared TaskKind.
    @Option(help: "Also print the headline F1 of this task kind: entity, relation, event or absa.")
    var task: String?

    func validate() throws {
        try checkPath(gold, "--gold")
        try checkPath(pred, "--pred")
        try checkPath(schemaDir, "--schema-dir")
        if let task, TaskKind(rawValue: task) == nil {
            throw ValidationError("--task must be one of: \(TaskKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let schemas = try TaskSchemas.load(directory: URL(fileURLWithPath: schemaDir))
        let examples = try DatasetIO.readExamples(URL(fileURLWithPath: gold))
        let generated = try DatasetIO.readPredictions(URL(fileURLWithPath: pred), expectedCount: examples.count)
        let report = try scoreSEL(generated: generated, gold: examples, schemas: schemas, strategy: strategy, mode: match)
        if json {
            print(report.jsonText())
            return
        }
        print("\(examples.count) sentences, strategy \(strategy.rawValue), match \(match.rawValue)")
        print(report.tableText())
        if let task = task.flatMap(TaskKind.init(rawValue:)) { print(String(format: "headline F1 (%@): %.2f", task.shortName, report.headlineF1(kind: task))) }
    }
}
