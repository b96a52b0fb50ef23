// `--data DIR`: a stream learned from UIE dataset folders is the same experiment as the generated
// benchmark when the folders hold the same sentences, and bad folders are refused with errors that
// name the file, the line or the task.

import Foundation
import Testing

/// A tiny experiment (small for testing speed: 8 sentences, one epoch, every type at one epoch).
let tinyExperiment = ["--train", "8", "--dev-limit", "2", "--test-limit", "2", "--prompt-epochs", "1", "--full-epochs", "1",
                      "--prompt-epochs-by-type", "none"]

func temporaryFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// result.json as a JSON object without its wall-clock field.
func resultWithoutTiming(_ folder: URL) throws -> NSDictionary {
    let data = try Data(contentsOf: folder.appendingPathComponent("result.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return object.filter { $0.key != "seconds" } as NSDictionary
}

@Suite struct DataFolderTests {
    @Test("lpt learn --data on lpt benchmark's folders gives the built-in run's result.json (all but seconds)")
    func dataFoldersMatchTheGeneratedBenchmark() throws {
        let root = try temporaryFolder("data")
        defer { try? FileManager.default.removeItem(at: root) }
        // Dev and test written at the learn limits, so the files hold exactly the generated splits.
        let bench = try runProduct("lpt", ["benchmark", "--output", root.appendingPathComponent("bench").path, "--train", "20", "--dev", "2", "--test", "2"])
        #expect(bench.status == 0, "stderr: \(bench.err)")
        let stream = ["learn", "--method", "lpt", "--tasks", "14lap,ace04"] + tinyExperiment
        let builtIn = try runProduct("lpt", stream + ["--output", root.appendingPathComponent("built-in").path])
        #expect(builtIn.status == 0, "stderr: \(builtIn.err)")
        let fromData = try runProduct("lpt", stream + ["--data", root.appendingPathComponent("bench").path, "--output", root.appendingPathComponent("from-data").path])
        #expect(fromData.status == 0, "stderr: \(fromData.err)")
        #expect(fromData.out.contains("data: 14lap (ABSA): 8/2/2 train/dev/test sentences; 0.0% of"), "\(fromData.out)")
        #expect(fromData.out.contains("data: ace04 (NER)"))
        let a = try resultWithoutTiming(root.appendingPathComponent("built-in"))
        let b = try resultWithoutTiming(root.appendingPathComponent("from-data"))
        #expect(a.count > 5)
        #expect(a == b, "result.json differs:\n\(a)\n\(b)")
    }

    @Test("bad data folders: a malformed line, unknown words, a missing folder, schemas with no types")
    func badFoldersAreNamed() throws {
        let root = try temporaryFolder("bad-data")
        defer { try? FileManager.default.removeItem(at: root) }
        let bench = root.appendingPathComponent("bench")
        #expect(try runProduct("lpt", ["benchmark", "--output", bench.path, "--train", "3", "--dev", "2", "--test", "2"]).status == 0)
        func learn(_ tasks: String, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
            try runProduct("lpt", ["learn", "--tasks", tasks, "--data", bench.path, "--output", root.appendingPathComponent("run").path] + tinyExperiment + extra)
        }
        // Line 2 of a training file cut short.
        let train = bench.appendingPathComponent("14lap/train.json")
        var lines = try String(contentsOf: train, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].prefix(30))
        try (lines.joined(separator: "\n") + "\n").write(to: train, atomically: true, encoding: .utf8)
        let malformed = try learn("14lap")
        #expect(malformed.status != 0)
        #expect(malformed.err.contains("14lap/train.json:2: field 'JSON'"), "stderr: \(malformed.err)")

        // A task in words the backbone has never seen.
        let mine = bench.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: bench.appendingPathComponent("ace04/record.schema"), to: mine.appendingPathComponent("record.schema"))
        for name in ["entity.schema", "relation.schema", "event.schema"] {
            try FileManager.default.copyItem(at: bench.appendingPathComponent("ace04/\(name)"), to: mine.appendingPathComponent(name))
        }
        let line = #"{"asoc":[],"entity":[],"event":[],"record":"<extra_id_0> <extra_id_1>","relation":[],"spot":[],"spot_asoc":[],"text":"zorblat quixen flarp","tokens":["zorblat","quixen","flarp"]}"#
        for name in ["train.json", "val.json", "test.json"] { try (line + "\n").write(to: mine.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let unknown = try learn("ace04,mine")
        #expect(unknown.status != 0)
        #expect(unknown.out.contains("data: mine (NER): 1/1/1 train/dev/test sentences; 100.0% of 9 words unknown"), "\(unknown.out)")
        #expect(unknown.err.contains("mine (100.0% of its words unknown)") && unknown.err.contains("--max-unknown 1"), "stderr: \(unknown.err)")

        let missing = try learn("ace04,nowhere")
        #expect(missing.status != 0)
        #expect(missing.err.contains("has no task folder 'nowhere'") && missing.err.contains("ace04"), "stderr: \(missing.err)")

        for name in ["record.schema", "entity.schema"] {
            try "[]\n[]\n{}\n".write(to: mine.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let untyped = try learn("mine")
        #expect(untyped.status != 0)
        #expect(untyped.err.contains("mine/entity.schema:1: field 'types'"), "stderr: \(untyped.err)")
    }
}

/// The part of `lpt table1`'s output that is the table: from its heading to the line before [time].
func tableText(_ output: String) -> String {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("Table 1 over") || $0.hasPrefix("Miniature Table 1") }) else { return "" }
    let end = lines[start...].firstIndex { $0.hasPrefix("[time]") } ?? lines.endIndex
    return lines[start..<end].joined(separator: "\n")
}

/// Runs a shell command line from the package root; (exit status, stdout + stderr).
func shell(_ command: String, environment extra: [String: String] = [:]) throws -> (status: Int32, out: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
    let pipe = Pipe()
    (process.standardOutput, process.standardError) = (pipe, pipe)
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite struct GridPlanTests {
    /// A two-job grid over a two-task stream (tiny for testing speed).
    let grid = ["table1", "--methods", "lpt,fine-tuning", "--tasks", "14lap,ace04"] + tinyExperiment

    @Test("a table1 plan run by GNU parallel on 2 slots, then --collect, prints lpt table1's table")
    func planRunByParallelIsCollectedIntoTheSameTable() throws {
        let root = try temporaryFolder("plan")
        defer { try? FileManager.default.removeItem(at: root) }
        let here = try runProduct("lpt", grid + ["--output", root.appendingPathComponent("here").path])
        #expect(here.status == 0, "stderr: \(here.err)")
        let plan = root.appendingPathComponent("plan.txt"), folder = root.appendingPathComponent("planned").path
        let written = try runProduct("lpt", grid + ["--output", folder, "--plan", plan.path])
        #expect(written.status == 0, "stderr: \(written.err)")
        let lines = try String(contentsOf: plan, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("cd ") && $0.contains(" learn --method ") }, "\(lines)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/lpt-tasks"), "a plan runs nothing")

        let ran = try shell("parallel --will-cite --jobs 2 < '\(plan.path)'")
        #expect(ran.status == 0, "\(ran.out)")
        let collected = try runProduct("lpt", grid + ["--collect", folder])
        #expect(collected.status == 0, "stderr: \(collected.err)")
        #expect(!tableText(here.out).isEmpty)
        #expect(tableText(collected.out) == tableText(here.out), "collected:\n\(collected.out)\nran here:\n\(here.out)")

        // The same plan as a Slurm array: valid bash, one task per line; task 1 reruns (resumes) its finished job.
        let script = root.appendingPathComponent("plan.sbatch")
        #expect(try runProduct("lpt", grid + ["--output", folder, "--plan", script.path, "--plan-format", "slurm"]).status == 0)
        let text = try String(contentsOf: script, encoding: .utf8)
        #expect(text.hasPrefix("#!/bin/bash") && text.contains("#SBATCH --array=1-2"))
        let task1 = try shell("bash '\(script.path)'", environment: ["SLURM_ARRAY_TASK_ID": "1"])
        #expect(task1.status == 0 && task1.out.contains("[lpt] average F1"), "\(task1.out)")

        // A job that never finished is named, not skipped.
        try FileManager.default.removeItem(atPath: folder + "/fine-tuning-tasks/result.json")
        let incomplete = try runProduct("lpt", grid + ["--collect", folder])
        #expect(incomplete.status != 0)
        #expect(incomplete.err.contains("fine-tuning-tasks (") && incomplete.err.contains("has no result.json"), "stderr: \(incomplete.err)")
    }
}

@Suite struct DataAndPlanFlagTests {
    /// (arguments of lpt, text the usage error must contain).
    static let cases: [([String], String)] = [
        (["learn", "--data", "/proc/no-such-data", "--output", "/tmp/x"], "--data /proc/no-such-data is not a folder"),
        (["learn", "--data", "", "--output", "/tmp/x"], "--data must not be empty"),
        (["learn", "--max-unknown", "2", "--output", "/tmp/x"], "--max-unknown must be a finite number in [0.0, 1.0]"),
        (["table1", "--plan", "/tmp/p", "--collect", "/tmp"], "give one of them"),
        (["table1", "--plan-format", "slurm"], "--plan-format slurm needs --plan FILE"),
        (["table1", "--plan-format", "pbs", "--plan", "/tmp/p"], "--plan-format"),
        (["sweep", "--collect", "/proc/no-such-grid"], "--collect /proc/no-such-grid does not exist"),
        (["table2", "--plan", "/tmp"], "--plan /tmp is a folder"),
    ]

    @Test("bad --data, --max-unknown, --plan and --collect flags are usage errors naming the flag", arguments: cases.indices)
    func badFlag(index: Int) throws {
        let (arguments, expected) = Self.cases[index]
        let r = try runProduct("lpt", arguments)
        #expect(r.status == 64, "lpt \(arguments): exit \(r.status), stderr \(r.err)")
        #expect(r.err.contains(expected), "lpt \(arguments): \(r.err)")
    }
}
