// Hostile input to the built executables: empty and degenerate flags, out-of-range numbers,
// degenerate batch files, outputs that are not regular files, a full "disk", a second writer in
// one folder, a changed option on resume, and a parent killed under its child jobs. Each must end
// in one clear error line naming the flag, field or path — never a trap, a clobbered file or a
// silently wrong result. Everything here is validation or a tiny run, so the suite stays fast.

import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

func scratchFolder(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The flags that make `lpt learn` fast: one short task, tiny splits, one epoch.
let tinyLearn = ["--tasks", "14lap", "--train", "8", "--dev-limit", "2", "--test-limit", "2", "--prompt-epochs", "1"]

@Suite struct FlagValidationTests {
    /// (product, arguments, text the error must contain).
    static let cases: [(String, [String], String)] = [
        // A: empty lists and paths.
        ("lpt", ["learn", "--method", "", "--output", "/tmp/x"], "--method must list at least one value"),
        ("lpt", ["learn", "--tasks", "", "--output", "/tmp/x"], "--tasks must list at least one value"),
        ("lpt", ["learn", "--tasks", "14lap,14lap", "--output", "/tmp/x"], "--tasks lists '14lap' twice"),
        ("lpt", ["learn", "--output", ""], "--output must not be empty"),
        ("lpt", ["learn", "--method", "all", "--output", "/tmp/x"], "--method takes one method"),
        ("lpt", ["run", "--orders", ""], "--orders must list at least one value"),
        ("lpt", ["run", "--orders", "1,1"], "--orders lists '1' twice"),
        ("lpt", ["run", "--methods", ","], "--methods must list at least one value"),
        ("lpt", ["run", "--methods", "individual"], "--methods names no method that learns a stream"),
        ("lpt", ["run", "--output", " "], "--output must not be empty"),
        ("lpt", ["table1", "--orders", ""], "--orders must list at least one value"),
        ("lpt", ["table1", "--methods", ""], "--methods must list at least one value"),
        ("lpt", ["table2", "--methods", ""], "--methods must list at least one value"),
        ("lpt", ["novel", "--method", "individual", "--tasks", "", "--output", "/tmp/x"], "--tasks must list at least one value"),
        ("lpt", ["selectors", "--stream", "/tmp/x", "--tasks", ""], "--tasks must list at least one value"),
        ("lpt", ["sweep", "--keeps", ""], "--keeps must list at least one value"),
        ("lpt", ["sweep", "--keeps", "0.3,0.30"], "--keeps lists '0.30' twice"),
        ("lpt", ["sweep", "--keeps", "nan"], "--keeps values must lie in (0, 1]"),
        ("lpt", ["benchmark", "--output", ""], "--output must not be empty"),
        ("lpt", ["t5", "forward", "--checkpoint", "", "--batch", "b", "--out", "o"], "--checkpoint must not be empty"),
        ("stage06-continual-loop", ["--tasks", ""], "--tasks must list at least one value"),
        ("stage06-continual-loop", ["--methods", ""], "--methods must list at least one value"),
        ("stage07-novel-tasks", ["--run", "/tmp/x", "--tasks", ""], "--tasks must list at least one novel task"),
        ("stage05-lottery-masks", ["--tasks", ","], "--tasks must list distinct tasks"),
        // A: sizes with an upper bound (these used to grow memory until the machine killed them).
        ("lpt", ["learn", "--train", "1000000000", "--output", "/tmp/x"], "--train must be between 1 and 100,000"),
        ("lpt", ["benchmark", "--train", "100000000"], "--train must be between 0 and 100,000"),
        ("lpt", ["run", "--jobs", "0"], "--jobs must be between 1 and 64"),
        ("lpt", ["table2", "--few-shot-batch", "100000"], "--few-shot-batch must be between 0 and 4,096"),
        ("lpt", ["novel", "--method", "individual", "--few-shot-dev-every", "0", "--output", "/tmp/x"], "--few-shot-dev-every must be between 1 and 1,000"),
        ("lpt", ["learn", "--keep", "nan", "--output", "/tmp/x"], "--keep must be in (0, 1]"),
        ("stage05-lottery-masks", ["--train", "100000000"], "--train must be at most 100000"),
        ("stage03-sel", ["--show-task", "14lap", "--count", "100000000"], "--count must be at most 100,000"),
        // B: stage flags that trapped, and rates that were accepted.
        ("stage01-tensors", ["--train", "--steps", "0"], "--steps must be between 1 and 100,000"),
        ("stage02-t5", ["--batch-size", "0"], "--batch-size must be between 1 and 1024"),
        ("stage02-t5", ["--checkpoint-every", "0"], "--checkpoint-every must be at least 1"),
        ("stage02-t5", ["--learning-rate", "nan"], "--learning-rate must be a finite number"),
        ("stage02-t5", ["--learning-rate=-0.1"], "--learning-rate must be a finite number"),
        ("stage04-soft-prompts", ["--mine", "--mlp-learning-rate", "nan"], "--mlp-learning-rate must be a finite number in (0.0, 100.0]"),
        ("lpt", ["backbone", "train", "--output", "/tmp/x", "--warmup-steps=-1"], "--warmup-steps must be between 0"),
        ("lpt", ["backbone", "train", "--output", "/tmp/x", "--peak-learning-rate", "nan"], "--peak-learning-rate must be a finite number"),
        ("lpt", ["backbone", "train", "--output", "/tmp/x", "--peak-learning-rate=-1"], "--peak-learning-rate must be a finite number"),
        ("lpt", ["backbone", "train", "--output", "/tmp/x", "--d-model", "96", "--heads", "5"], "--d-model 96 is not a multiple of --heads 5"),
        ("lpt", ["backbone", "train", "--output", "/tmp/x", "--layers", "0"], "--layers must be between 1"),
        ("lpt", ["project", "--second-backbone", ""], "--second-backbone must not be empty"),
        ("lpt", ["project", "--second-backbone", "/tmp/x", "--transfer-study", " "], "--transfer-study must not be empty"),
        ("lpt", ["project", "--second-backbone", "/tmp/x", "--held-out", "ace04,ner9"], "unknown task 'ner9'"),
        ("lpt", ["project", "--second-backbone", "/tmp/x", "--held-out", "conll03", "--train-task", "conll03"], "task 'conll03' is listed twice"),
        ("lpt", ["project", "--second-backbone", "/tmp/x", "--projector-learning-rate", "0"], "projector learning rate = 0.0"),
    ]

    @Test("every bad flag is a usage error (exit 64) naming the flag", arguments: cases.indices)
    func badFlag(index: Int) throws {
        let (product, arguments, expected) = Self.cases[index]
        let r = try runProduct(product, arguments)
        #expect(r.status == 64, "\(product) \(arguments): exit \(r.status), stderr \(r.err)")
        #expect(r.err.contains(expected), "\(product) \(arguments): \(r.err)")
        #expect(!r.err.contains("Fatal error") && !r.err.contains("NSCocoaErrorDomain"))
    }
}

@Suite struct BatchFileTests {
    @Test("lpt t5 forward names the field of a degenerate batch instead of trapping")
    func degenerateBatches() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = root.appendingPathComponent("Tests/T5Tests/Fixtures/relu-tied")
        let folder = scratchFolder("batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, String)] = [
            (#"{"input_ids": [], "labels": []}"#, "input_ids is empty"),
            (#"{"input_ids": [[]], "labels": [[1]]}"#, "input_ids[0] is empty"),
            (#"{"input_ids": [[5, 6]], "labels": [[]]}"#, "labels[0] is empty"),
            (#"{"input_ids": [[5, 6], [5, 6]], "labels": [[1, 2]]}"#, "labels has 1 rows, expected 2"),
            (#"{"input_ids": [[5, 6]], "labels": [[1, 2]], "decoder_input_ids": [[0, 1, 2]]}"#, "decoder_input_ids[0] has 3 entries, expected 2"),
            (#"{"input_ids": [[5, 6]], "labels": [[1, 2]], "attention_mask": [[0, 0]]}"#, "attention_mask[0] masks every token"),
            (#"{"input_ids": [[5, 6]], "labels": [[1, 2]], "attention_mask": [[1]]}"#, "attention_mask[0] has 1 entries, expected 2"),
        ]
        let out = folder.appendingPathComponent("out.safetensors")
        for (i, (json, expected)) in cases.enumerated() {
            let batch = folder.appendingPathComponent("batch-\(i).json")
            try json.write(to: batch, atomically: true, encoding: .utf8)
            let r = try runProduct("lpt", ["t5", "forward", "--checkpoint", fixture.path, "--batch", batch.path, "--out", out.path])
            #expect(r.status == 1 && r.err.contains(expected) && r.err.contains(batch.path), "\(json): \(r.err)")
            #expect(!r.err.contains("Fatal error"))
        }
        // A prompt with zero rows.
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.appendingPathComponent("config.json"))) as? [String: Any]
        let dModel = try #require(config?["d_model"] as? Int)
        let header = Array(#"{"prompt":{"dtype":"F32","shape":[0,\#(dModel)],"data_offsets":[0,0]}}"#.utf8)
        let padded = header + [UInt8](repeating: 0x20, count: (8 - (8 + header.count) % 8) % 8)
        var file = withUnsafeBytes(of: UInt64(padded.count).littleEndian) { Array($0) }
        file += padded
        let prompt = folder.appendingPathComponent("empty-prompt.safetensors")
        try Data(file).write(to: prompt)
        let r = try runProduct("lpt", ["t5", "forward", "--checkpoint", fixture.path, "--batch", fixture.appendingPathComponent("batch.json").path,
                                       "--out", out.path, "--prompt", prompt.path])
        #expect(r.status == 1 && r.err.contains("prompt has no rows"), "\(r.err)")
    }
}

@Suite struct OutputFileTests {
    @Test("an output that is a symlink or FIFO is refused and left as it was")
    func nonRegularOutputs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = root.appendingPathComponent("Tests/T5Tests/Fixtures/relu-tied")
        let folder = scratchFolder("nonregular")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("precious.txt")
        try "keep me".write(to: target, atomically: true, encoding: .utf8)
        let link = folder.appendingPathComponent("link.safetensors")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let fifo = folder.appendingPathComponent("fifo.safetensors")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        for (path, kind) in [(link, "symbolic link"), (fifo, "FIFO")] {
            let r = try runProduct("lpt", ["t5", "forward", "--checkpoint", fixture.path, "--batch",
                                           fixture.appendingPathComponent("batch.json").path, "--out", path.path])
            #expect(r.status == 64 && r.err.contains("--out \(path.path) is a \(kind)"), "\(r.err)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me")
        // A figure file that is a symlink is refused too (the shared atomic writer).
        let figures = folder.appendingPathComponent("figures")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: figures.appendingPathComponent("03-sel-tree.dot"), withDestinationURL: target)
        let s3 = try runProduct("stage03-sel", ["--part", "prompt", "--figures", figures.path])
        #expect(s3.status == 1 && s3.err.contains("03-sel-tree.dot") && s3.err.contains("symbolic link"), "\(s3.err)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me")
    }

    @Test("a write that fails part-way (file size limit, as on a full disk) is one line and leaves no temporary file")
    func failedWriteCleansUp() throws {
        let folder = scratchFolder("full")
        defer { try? FileManager.default.removeItem(at: folder) }
        let stage03 = productsDirectory().appendingPathComponent("stage03-sel").path
        // SIGXFSZ ignored, so the oversized write fails with EFBIG instead of killing the process.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f 2; exec \"$0\" --part prompt --figures \"$1\"", stage03, folder.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1 && text.contains("cannot write \(folder.path)/03-sel-tree") && text.contains("file too large"), "\(text)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasSuffix(".tmp") }, "left behind: \(left)")
    }

    @Test("a folder that cannot be created is one readable line, not a Foundation dump")
    func unwritableFolder() throws {
        let r = try runProduct("lpt", ["learn"] + tinyLearn + ["--output", "/proc/no-such-folder/run"])
        #expect(r.status == 1 && r.err.contains("/proc/no-such-folder/run") && r.err.contains("no such file or directory"), "\(r.err)")
        #expect(!r.err.contains("NSCocoaErrorDomain") && r.err.split(separator: "\n").count == 1)
    }
}

@Suite struct OutputLockTests {
    @Test("a second writer in one output folder gets an error naming the folder and the pid holding it")
    func secondWriterRefused() throws {
        let folder = scratchFolder("locked")
        defer { try? FileManager.default.removeItem(at: folder) }
        // This test process plays the first writer: it holds the folder's lock as lpt does.
        let fd = open(folder.appendingPathComponent(".lpt-lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        for (product, arguments) in [("lpt", ["learn"] + tinyLearn + ["--output", folder.path]),
                                     ("stage02-t5", ["--test-size", "--steps", "2", "--batch-size", "2", "--output", folder.path])] {
            let r = try runProduct(product, arguments)
            #expect(r.status == 1 && r.err.contains("\(folder.path) is in use by process \(getpid())"), "\(product): \(r.err)")
        }
        // Released (as when the holder exits, however it exits): the folder is free again.
        close(fd)
        let r = try runProduct("lpt", ["learn"] + tinyLearn + ["--output", folder.path])
        #expect(r.status == 0, "\(r.err)")
    }

    @Test("a child job whose parent is gone (kill -9) stops instead of running on")
    func orphanedChildStops() throws {
        let folder = scratchFolder("orphan")
        defer { try? FileManager.default.removeItem(at: folder) }
        // lpt run's children carry the parent's pid; pid 1 is never this child's parent, so the
        // child sees itself orphaned at once, as it does within 0.2 s after a real kill -9.
        let process = Process()
        process.executableURL = productsDirectory().appendingPathComponent("lpt")
        process.arguments = ["learn", "--order", "1", "--train", "200", "--prompt-epochs", "5", "--output", folder.path]
        var environment = ProcessInfo.processInfo.environment
        environment["LPT_PARENT_PID"] = "1"
        environment["LPT_NO_PROGRESS"] = "1"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1 && text.contains("parent process 1 is gone"), "\(text)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("kill -9 of lpt run takes its child jobs down with it")
    func killedParentTakesChildren() throws {
        let folder = scratchFolder("killrun")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = productsDirectory().appendingPathComponent("lpt")
        process.arguments = ["run", "--output", folder.appendingPathComponent("out").path, "--train", "300", "--prompt-epochs", "20",
                             "--full-epochs", "20", "--dev-limit", "4", "--test-limit", "4"]
        var environment = ProcessInfo.processInfo.environment
        environment["LPT_NO_PROGRESS"] = "1"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for both children to start; their pids are in the log.
        var children: [Int32] = []
        let deadline = Date().addingTimeInterval(60)
        while children.count < 2, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            children = text.split(separator: "\n").compactMap { line in
                guard line.hasPrefix("started"), let open = line.range(of: "(pid ") else { return nil }
                return Int32(line[open.upperBound...].prefix { $0.isNumber })
            }
        }
        #expect(children.count == 2)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        func alive(_ pid: Int32) -> Bool {
            // A zombie waiting for its new parent to reap it counts as gone.
            guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            return !stat.contains(") Z ")
        }
        let gone = Date().addingTimeInterval(5)
        while children.contains(where: alive), Date() < gone { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!children.contains(where: alive), "children still running after their parent was killed: \(children)")
        for pid in children where alive(pid) { kill(pid, SIGKILL) }
    }
}

@Suite struct ResumeSettingsTests {
    @Test("resuming lpt learn with other options is an error listing each difference and how to start afresh")
    func changedOptionsRefused() throws {
        let folder = scratchFolder("resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try runProduct("lpt", ["learn"] + tinyLearn + ["--output", folder.path])
        #expect(first.status == 0, "\(first.err)")
        let changed = ["learn", "--tasks", "14lap", "--train", "9", "--dev-limit", "2", "--test-limit", "3", "--prompt-epochs", "1",
                       "--keep", "0.5", "--growth", "4", "--output", folder.path]
        let r = try runProduct("lpt", changed)
        #expect(r.status == 1, "\(r.err)")
        for difference in ["--train 8 (now 9)", "--test-limit 2 (now 3)", "--keep 0.3 (now 0.5)", "--growth 10 (now 4)"] {
            #expect(r.err.contains(difference), "missing \(difference): \(r.err)")
        }
        #expect(r.err.contains("delete the folder or choose another --output"))
        // The same options resume (here: find the run finished).
        let again = try runProduct("lpt", ["learn"] + tinyLearn + ["--output", folder.path])
        #expect(again.status == 0 && again.out.contains("average F1"), "\(again.err)")
    }

    @Test("rerunning lpt novel on its folder with other options is an error listing each difference and how to start afresh")
    func novelChangedOptionsRefused() throws {
        let folder = scratchFolder("novel-resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = ["novel", "--method", "individual", "--tasks", "15res", "--train", "8", "--dev-limit", "2", "--test-limit", "2",
                    "--few-shot-epochs", "1", "--output", folder.path]
        let first = try runProduct("lpt", tiny + ["--shots", "1"])
        #expect(first.status == 0, "\(first.err)")
        let r = try runProduct("lpt", tiny.map { $0 == "2" ? "3" : $0 } + ["--shots", "2"])
        #expect(r.status != 0, "\(r.out)")
        for difference in ["--shots 1 (now 2)", "--dev-limit 2 (now 3)", "--test-limit 2 (now 3)"] {
            #expect(r.err.contains(difference), "missing \(difference): \(r.err)")
        }
        #expect(r.err.contains("delete the folder or choose another --output"), "\(r.err)")
    }

    @Test("resuming stage05 from its checkpoints with other options is an error listing each difference")
    func stage05ChangedOptionsRefused() throws {
        let folder = scratchFolder("stage05-resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = ["--tasks", "14lap", "--epochs", "1", "--dev-limit", "2", "--test-limit", "2", "--checkpoints", folder.path]
        let first = try runProduct("stage05-lottery-masks", base + ["--train", "8"])
        #expect(first.status == 0, "\(first.err)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("settings.json").path))
        let r = try runProduct("stage05-lottery-masks", base + ["--train", "9", "--keep", "0.5"])
        #expect(r.status != 0, "\(r.out)")
        for difference in ["--train 8 (now 9)", "--keep 0.3 (now 0.5)", "delete the folder or choose another --checkpoints"] {
            #expect(r.err.contains(difference), "missing \(difference): \(r.err)")
        }
        // The saved options resume (here: find the task done).
        let again = try runProduct("stage05-lottery-masks", base + ["--train", "8"])
        #expect(again.status == 0 && again.out.contains("| 1. 14lap |"), "\(again.err)")
    }

    @Test("lpt sweep keeps 0.3 and 0.301 apart: own folders, own rows, each result with its own kept fraction")
    func sweepNamesExactKeeps() throws {
        let folder = scratchFolder("sweep")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("lpt", ["sweep", "--keeps", "0.3,0.301", "--output", folder.path, "--train", "8", "--dev-limit", "2",
                                       "--test-limit", "2", "--prompt-epochs", "1"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("| 0.30 | 0.70 |") && r.out.contains("| 0.301 | 0.699 |"), "\(r.out)")
        for (name, keep) in [("keep-0.30", 0.3), ("keep-0.301", 0.301)] {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(name)/result.json"))
            let options = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["options"] as? [String: Any]
            #expect(options?["keepFraction"] as? Double == keep, "\(name)")
        }
    }
}
