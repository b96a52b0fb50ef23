// stage03-sel: chapter 3's executable. Walks one sentence through UIE's structured extraction
// language: the schema prompt, the linearized target, the parser on good and malformed outputs,
// offset matching of a repeated word, UIE's scorer, and the synthetic 13-task benchmark.
// Everything printed is deterministic except the lines starting with [time].

import ArgumentParser
import CommandSupport
import Diagrams
import ExerciseSupport
import Exercises03
import Foundation
import SEL
import T5
import Tensors

@main
struct Stage03: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage03-sel",
        abstract: "Stage 3: SEL, the schema prompt, parsing, offset matching, scoring and the benchmark.",
        discussion: """
            Examples: swift run -c release stage03-sel --figures figures
                      swift run -c release stage03-sel --part parse
                      swift run -c release stage03-sel --show-task conll04 --count 3
            """)

    /// The parts of the default run, in order; `--part` prints one of them.
    enum Part: String, CaseIterable, ExpressibleByArgument {
        case prompt, linearize, parse, offsets, score, benchmark
    }

    @Option(help: "Print only this part: \(Part.allCases.map(\.rawValue).joined(separator: ", ")).") var part: Part?
    @Option(help: "Write 03-sel-tree.dot and .svg to this folder.") var figures: String?
    @Option(help: "Print generated sentences of this task (e.g. conll04, ace05-evt, 14lap) and stop.") var showTask: String?
    @Option(help: "How many sentences --show-task prints.") var count = 5
    @Flag(help: "Read the shipped backbone's outputs on 40 test sentences of conll03 and 14res with your SEL parser (exercise 3.2), beside the library's.")
    var mine = false

    func validate() throws {
        if let id = showTask, Benchmark.task(id) == nil {
            throw ValidationError("unknown task '\(id)'; tasks: \((Benchmark.tasks + Benchmark.pool).map(\.id).joined(separator: ", "))")
        }
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard count <= 100_000 else { throw ValidationError("--count must be at most 100,000, got \(count)") }
        if let figures, figures.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--figures must not be empty") }
    }

    /// Like `main()`, but a file-system error prints as one line naming the path and the cause.
    static func main() { mainWithReadableErrors() }

    func run() throws {
        if let id = showTask, let spec = Benchmark.task(id) { return show(spec) }
        if mine { return try readWithYourParser() }
        for (i, p) in Part.allCases.filter({ part == nil || part == $0 }).enumerated() {
            if i > 0 { print() }
            switch p {
            case .prompt: schemaPrompt()
            case .linearize: linearize()
            case .parse: parse()
            case .offsets: offsets()
            case .score: try score()
            case .benchmark: benchmark()
            }
        }
        if let figures {
            let base = URL(fileURLWithPath: figures)
            try GraphvizRenderer().writeFigure(dot: SELTreeDiagram.chapterFigure(), to: base.appendingPathComponent("03-sel-tree"))
            print("\nwrote \(figures)/03-sel-tree.dot/.svg")
        }
    }

    func schemaPrompt() {
        section("Schema prompt (CoNLL04's schema)")
        let prompt = SchemaPrompt(recordSchema: ChapterExamples.schemas.record)
        print("evaluation (sorted):  \(prompt.evaluationPrefix())")
        var rng = SeededGenerator(seed: 3)
        print("training (shuffled):  \(prompt.trainingPrefix(&rng))")
    }

    func linearize() {
        section("Linearized record")
        let example = ChapterExamples.relation()
        print("text:     \(example.text)")
        for r in example.relation { print("relation: " + describe([r])) }
        print("target:   \(example.record)")
        print("readable: \(SELToken.readable(example.record))")
    }

    func parse() {
        section("Parsing generated SEL against the text")
        let parser = SELParser(schema: ChapterExamples.schemas.record), text = ChapterExamples.relation().text
        print(pad("case", 18) + pad("status", 13) + "generated → records kept")
        for (name, generated) in ChapterExamples.malformedOutputs() {
            let parsed = parser.parse(generated, text: text)
            print(pad(name, 18) + pad(parsed.status.rawValue, 13) + SELToken.readable(generated))
            print(String(repeating: " ", count: 31) + "→ " + readable(parsed.records))
        }
    }

    func offsets() {
        section("Offset matching: a repeated word")
        let repeated = ChapterExamples.repeatedWord(), schemas = ChapterExamples.schemas
        print(pad("text:", 9) + repeated.text)
        print(pad("gold:", 9) + describe(repeated.relation))
        let records = SELParser(schema: schemas.record).parse(repeated.record, text: repeated.text).records
        for strategy in OffsetStrategy.allCases {
            let matcher = OffsetMatcher(schemas: schemas, strategy: strategy)
            print(pad(strategy.rawValue + ":", 9) + describe(matcher.predict(records, tokens: repeated.tokens).offset.relation))
        }
    }

    func score() throws {
        section("Scoring two sentences (Orbis Labs predicted as a location)")
        let (gold, generated) = ChapterExamples.scored()
        for (g, p) in zip(gold, generated) { print("gold \(SELToken.readable(g.record))\npred \(SELToken.readable(p))") }
        let report = try scoreSEL(generated: generated, gold: gold, schemas: ChapterExamples.schemas, strategy: .closest)
        print(report.tableText())
        print(String(format: "headline F1 (RE, offset-rel-strict-F1): %.2f", report.headlineF1(kind: .relation)))
    }

    func benchmark() {
        section("The synthetic lifelong-UIE benchmark (13 tasks, default sizes)")
        let start = Date()
        let data = Benchmark.tasks.map { Benchmark.generate($0) }
        let seconds = Date().timeIntervalSince(start)
        print(BenchmarkSummary.table(data))
        print(String(format: "[time] generated in %.1f s", seconds))
        for n in 1...3 { print("order \(n): " + Benchmark.order(n).joined(separator: " → ")) }
        print("novel tasks (held out for stage 7): " + Benchmark.novelTaskIDs.joined(separator: ", "))
        print("pretraining pool (backbone only): " + Benchmark.pool.map(\.id).joined(separator: ", "))
    }

    func show(_ spec: TaskSpec) {
        let data = Benchmark.generate(spec, options: BenchmarkOptions(trainSize: count, devSize: 0, testSize: 0))
        print("\(spec.id) (\(spec.kind.shortName), stands for \(spec.stands), \(spec.domain))")
        print("schema prompt: \(SELToken.readable(SchemaPrompt(recordSchema: spec.schemas.record).evaluationPrefix()))")
        for e in data.train { print("\n  \(e.text)\n  \(SELToken.readable(e.record))") }
    }

    /// `--mine`: the learner's parser reads what the model really generated. Outputs holding
    /// `<unk>` are left out of the comparison: the library repairs them and the exercise does not.
    func readWithYourParser() throws {
        let file = "exercises/Stubs/Ch03/Ex3_2_ParseSEL.swift"
        print("== your code: the SEL parser from exercise 3.2 (\(file)) ==")
        let (model, vocabulary) = try Backbone.load(from: Backbone.shippedFolder)
        let evaluator = ExtractionEvaluator(model: model, vocabulary: vocabulary)
        var compared = 0, same = 0, withUnknown = 0
        for id in ["conll03", "14res"] {
            let spec = Benchmark.task(id)!
            let data = Benchmark.generate(spec, options: BenchmarkOptions(trainSize: 0, devSize: 0, testSize: 40))
            let outputs = evaluator.generate(data.test, schemas: spec.schemas)
            let library = SELParser(schema: spec.schemas.record)
            var counts = (well: 0, fixed: 0, ill: 0), records = 0, differing: [String] = []
            for (example, output) in zip(data.test, outputs) {
                if output.contains("<unk>") { withUnknown += 1; continue }
                let yours: SELParse
                do {
                    yours = try parseSEL(output, recordLabels: Set(spec.schemas.record.types),
                                         associationLabels: Set(spec.schemas.record.roles), text: example.text)
                } catch let error as Unimplemented {
                    print("\(error): write it in \(file) (`lpt hint 3.2`, then `lpt check 3.2`)")
                    throw ExitCode.failure
                }
                compared += 1
                switch yours.status { case .wellFormed: counts.well += 1; case .fixed: counts.fixed += 1; case .illFormed: counts.ill += 1 }
                records += yours.records.count
                if yours == library.parse(output, text: example.text) { same += 1 } else if differing.count < 2 { differing.append(output) }
            }
            print("\(id): your parser read \(counts.well + counts.fixed + counts.ill) outputs: \(counts.well) well-formed, \(counts.fixed) fixed, \(counts.ill) ill-formed; \(records) records kept")
            for output in differing { print("  read differently from the library: \(SELToken.readable(output))") }
        }
        print("identical to the library's reading: \(same) of \(compared)" + (withUnknown > 0 ? " (\(withUnknown) outputs with <unk> left out: the library repairs those)" : ""))
        if same != compared { throw ExitCode.failure }
    }

    func section(_ title: String) { print("== \(title)") }
    func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }

    func readable(_ records: [ParsedRecord]) -> String {
        let spotAsoc = records.map { SpotAsoc(span: $0.span, label: $0.label, asoc: $0.associations.map { [$0.label, $0.span] }) }
        return records.isEmpty ? "no records" : SELToken.readable(Linearizer.target(spotAsoc))
    }

    func describe(_ relations: [RelationMention]) -> String {
        relations.map { "\($0.type) (\($0.args[0].text) \($0.args[0].offset) → \($0.args[1].text) \($0.args[1].offset))" }
            .joined(separator: "; ")
    }
}
