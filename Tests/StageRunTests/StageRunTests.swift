// Runs the built executables on tiny inputs, as swift-argument-parser's example tests do:
// the binaries a learner runs are the ones tested. Never `swift run` from a test.

import Foundation
import Testing

/// The folder holding the built products: the test bundle's own folder (.build/<config>/).
func productsDirectory() -> URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    // On macOS the bundle is a directory: .build/debug/X.xctest/Contents/MacOS/X.
    while folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
    return folder
}

/// Runs a built product; returns (exit status, stdout, stderr).
func runProduct(_ name: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = productsDirectory().appendingPathComponent(name)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["LPT_NO_PROGRESS"] = "1"
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

@Suite struct Stage01RunTests {
    @Test("stage01-tensors --demo prints broadcasting results and gradients")
    func demo() throws {
        let r = try runProduct("stage01-tensors", ["--demo"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("d loss/d b = column sums of a = [5, 7, 9]"))
    }

    @Test("stage01-tensors --gradcheck passes for every operation")
    func gradcheck() throws {
        let r = try runProduct("stage01-tensors", ["--gradcheck"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("matmul") && r.out.contains("rmsNorm") && !r.out.contains("FAIL"))
    }

    @Test("stage01-tensors --train lowers the loss and writes figures")
    func trainAndFigures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-stage01-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("stage01-tensors", ["--train", "--steps", "60", "--figures", folder.path])
        #expect(r.status == 0, "stderr: \(r.err)")
        let losses = r.out.split(separator: "\n").compactMap { line -> Float? in
            let fields = line.split(separator: " ")
            return fields.count >= 3 && Int(fields[0]) != nil ? Float(fields[1]) : nil
        }
        #expect(losses.count >= 3)
        #expect(losses.last! < losses.first! / 2, "loss did not fall: \(losses)")
        let svg = try String(contentsOf: folder.appendingPathComponent("01-computation-graph.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("tanh"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("01-toy-loss.svg").path))
    }

    /// The learner's stub decides the path: untouched (a clean clone), it is named as not written;
    /// solved, it trains; wrong, the gradient check stops it. Every path must say which.
    @Test("stage01-tensors --mine runs the learner's softplus, or says exactly why not")
    func mine() throws {
        let r = try runProduct("stage01-tensors", ["--mine", "--steps", "50"])
        #expect(r.out.contains("your code: softplus from exercise 1.3 (exercises/Stubs/Ch01/Ex1_3_Softplus.swift)"))
        if r.status == 0 {
            #expect(r.out.contains("with YOUR softplus") && r.out.contains("(passes)"))
        } else {
            #expect(r.status == 1)
            #expect(r.out.contains("exercise 1.3 is not implemented yet") || r.out.contains("is not right yet"), "\(r.out)")
        }
    }

    @Test("a bad flag is a clear error, not a crash")
    func badFlag() throws {
        let r = try runProduct("stage01-tensors", ["--no-such-flag"])
        #expect(r.status == 64)
        #expect(r.err.contains("Unknown option '--no-such-flag'"))
    }
}

@Suite struct LPTRunTests {
    @Test("lpt run learns the stream with LPT and fine-tuning, writes the report and figures, and resumes")
    func runWritesReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let args = ["run", "--output", folder.path, "--train", "16", "--dev-limit", "4", "--test-limit", "4",
                    "--prompt-epochs", "1", "--full-epochs", "1", "--few-shot-epochs", "2"]
        let r = try runProduct("lpt", args)
        #expect(r.status == 0, "stderr: \(r.err)")
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("| LPT | 1 |") && report.contains("| Fine-tuning | 1 |") && report.contains("figures/06-accuracy-lpt-1.svg"))
        #expect(report.contains("## Novel tasks") && report.contains("**average F1**") && report.contains("figures/07-selectors.svg"))
        for figure in ["06-accuracy-lpt-1.svg", "06-accuracy-fine-tuning-1.svg", "06-capacity.svg", "06-mask-reuse.svg", "07-selectors.svg", "07-selector-scores.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/\(figure)").path), "\(figure)")
        }
        #expect(r.out.contains("[time]") && r.out.contains("peak memory"))
        // LPT's BWT is exactly 0: its row in the summary says so.
        #expect(r.out.contains("| LPT | 1 |") && r.out.split(separator: "\n").contains { $0.hasPrefix("| LPT | 1 |") && $0.contains("| 0.0 |") })
        // A second run finds everything done and prints the same summary.
        let again = try runProduct("lpt", args)
        #expect(again.status == 0)
        let summary = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("| LPT") || $0.hasPrefix("| Fine-tuning") } }
        #expect(summary(again.out) == summary(r.out))
        let bad = try runProduct("lpt", ["run", "--methods", "nonsense"])
        #expect(bad.status != 0 && bad.err.contains("unknown method 'nonsense'"))
    }

    @Test("lpt table1 runs every requested method over the orders (novel tasks held out), prints mean ± spread and LPT's mask overlap (tiny sizes for speed)")
    func table1PrintsMeanAndSpread() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-table1-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("lpt", ["table1", "--output", folder.path, "--methods", "lpt,fine-tuning,individual", "--orders", "1,2",
                                       "--hold-out-novel", "--train", "8", "--dev-limit", "2", "--test-limit", "2", "--prompt-epochs", "1",
                                       "--full-epochs", "1", "--figures", folder.appendingPathComponent("figures").path])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("Miniature Table 1: 2 order(s) (1,2), 9 tasks (novel tasks held out)") && r.out.contains("[time]"))
        // Jobs are named method-order, the order-free Individual after the first order (as lpt table2 names them).
        for job in ["lpt-1", "lpt-2", "fine-tuning-2", "individual-1"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(job)/result.json").path), "\(job)")
        }
        #expect(!r.out.contains("conll03"), "a held-out task appears in the table")
        // Two orders: LPT's row carries a spread, and its BWT is exactly 0 in both.
        let lptRow = r.out.split(separator: "\n").first { $0.hasPrefix("| LPT | 2 |") }.map(String.init) ?? ""
        let cells = lptRow.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(cells.count > 3 && cells[3] == "0.0 ± 0.0", "LPT row: \(lptRow)")
        #expect(r.out.contains("| Fine-tuning | 2 |") && r.out.contains("| Individual | 1 |"))
        #expect(r.out.contains("LPT task-wise mask overlap (Jaccard, mean over orders)"))
        for figure in ["06-mask-overlap.svg", "06-accuracy-lpt.svg", "06-mask-reuse.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/\(figure)").path), "\(figure)")
        }
        let bad = try runProduct("lpt", ["table1", "--orders", "1,7"])
        #expect(bad.status != 0 && bad.err.contains("task orders are 1-5, got '7'"))
    }

    @Test("lpt frontier tables Average F1 against added parameters per method and draws the figure; mixed streams are refused")
    func frontier() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-frontier-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = ["--train", "8", "--dev-limit", "2", "--test-limit", "2", "--prompt-epochs", "1"]
        func learn(_ name: String, _ extra: [String]) throws -> String {
            let out = folder.appendingPathComponent(name).path
            let r = try runProduct("lpt", ["learn", "--output", out] + extra + tiny)
            #expect(r.status == 0, "stderr: \(r.err)")
            return out
        }
        // Storage grows with the prompt's length (the kept share changes only which entries train).
        let lptSmall = try learn("lpt-a", ["--method", "lpt", "--tasks", "14lap,ace04", "--prompt-length", "4"])
        let lptLarge = try learn("lpt-b", ["--method", "lpt", "--tasks", "14lap,ace04", "--prompt-length", "8"])
        let cpt = try learn("cpt", ["--method", "c-pt", "--tasks", "14lap,ace04", "--prompt-length", "4"])
        let figure = folder.appendingPathComponent("frontier.svg").path
        let r = try runProduct("lpt", ["frontier", lptLarge, cpt, lptSmall, "--figure", figure])
        #expect(r.status == 0, "stderr: \(r.err)")
        let rows = r.out.split(separator: "\n").filter { $0.hasPrefix("| lpt |") || $0.hasPrefix("| c-pt |") }
        #expect(rows.count == 3)
        // A method's jobs are listed from the smallest to the largest.
        let lptRows = rows.filter { $0.hasPrefix("| lpt |") }
        #expect(lptRows.count == 2 && lptRows[0].contains("4 → 4 positions") && lptRows[1].contains("8 → 8 positions"))
        let svg = try String(contentsOfFile: figure, encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("c-pt") && svg.contains("lpt"))
        let other = try learn("other", ["--method", "lpt", "--tasks", "14lap", "--prompt-length", "4"])
        let mixed = try runProduct("lpt", ["frontier", lptSmall, other])
        #expect(mixed.status != 0 && mixed.err.contains("different streams"))
        let missing = try runProduct("lpt", ["frontier", folder.path])
        #expect(missing.status != 0 && missing.err.contains("holds no result.json"))
    }

    @Test("lpt table2 runs streams, then zero- and few-shot on the novel tasks, and prints the table; bad input is named")
    func table2PrintsNovelTable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-table2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("lpt", ["table2", "--output", folder.path, "--methods", "lpt,adaptercl,individual,mt-prompt",
                                       "--train", "8", "--dev-limit", "2", "--test-limit", "2", "--prompt-epochs", "1",
                                       "--full-epochs", "1", "--few-shot-epochs", "1", "--shots", "1"])
        #expect(r.status == 0, "stderr: \(r.err)")
        for method in ["LPT", "AdapterCL", "Individual", "Multi-task prompt tuning"] {
            #expect(r.out.contains("| \(method) |"), "\(method) row missing")
        }
        #expect(r.out.contains("few-shot: conll03 / conll04 / casie / 15res") && r.out.contains("[time]"))
        // LPT lent each novel task a learned mask (the perplexity pick).
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("novel-lpt/novel.json"))) as? [String: Any]
        let outcomes = json?["outcomes"] as? [[String: Any]] ?? []
        #expect(outcomes.count == 4 && outcomes.allSatisfy { ($0["borrowed"] as? String).map { !$0.isEmpty } == true })
        // Few-shot model selection: dev chose between training's best state and the zero-shot
        // state, and the reported few-shot F1 is the chosen state's.
        for name in ["lpt", "adaptercl", "individual"] {
            let data = try Data(contentsOf: folder.appendingPathComponent("novel-\(name)/novel.json"))
            let result = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let list = try #require(result?["outcomes"] as? [[String: Any]])
            #expect(list.count == 4, "\(name)")
            for o in list {
                let task = o["task"] as? String ?? "?"
                let fewDev = try #require(o["fewShotDev"] as? Double), zeroDev = try #require(o["zeroShotDev"] as? Double)
                let kept = try #require(o["keptZeroShot"] as? Bool)
                #expect(kept == (zeroDev >= fewDev), "\(name) \(task)")
                if kept { #expect(o["fewShot"] as? Double == o["zeroShot"] as? Double, "\(name) \(task)") }
            }
        }
        let noStream = try runProduct("lpt", ["novel", "--method", "lpt", "--output", folder.path])
        #expect(noStream.status != 0 && noStream.err.contains("--stream is required for lpt"))
        let missing = try runProduct("lpt", ["novel", "--method", "c-pt", "--stream", folder.appendingPathComponent("nowhere").path,
                                             "--output", folder.path])
        #expect(missing.status != 0 && missing.err.contains("nowhere/result.json"))
    }

    @Test("stage07 prints each selector's scores and pick for a novel task from a finished LPT run")
    func stage07Selectors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-s7-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let learn = try runProduct("lpt", ["learn", "--method", "lpt", "--tasks", "14lap,ace04", "--train", "16", "--dev-limit", "4",
                                           "--test-limit", "4", "--prompt-epochs", "1", "--output", folder.path])
        #expect(learn.status == 0, "stderr: \(learn.err)")
        let r = try runProduct("stage07-novel-tasks", ["--run", folder.path, "--tasks", "15res"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("perplexity (gold) (lowest perplexity): pick") && r.out.contains("one-shot gradient (most negative gradient): pick")
                && r.out.contains("neuron overlap (highest overlap): pick") && r.out.contains("random: pick"))
        #expect(r.out.contains("| 15res |") && r.out.contains("**average F1**"))
        // --mine: the learner's means (exercise 7.3) make the neuron signatures, or the run says why not.
        let mine = try runProduct("stage07-novel-tasks", ["--run", folder.path, "--tasks", "15res", "--mine"])
        #expect(mine.out.contains("your code: mean neuron activations from exercise 7.3 (exercises/Stubs/Ch07/Ex7_3_MeanActivations.swift)"))
        if mine.status == 0 {
            #expect(mine.out.contains("they match the kit's on 6 cases") && mine.out.contains("your means made")
                    && mine.out.contains("neuron overlap (highest overlap): pick") && mine.out.contains("signatures cut from your means"), "\(mine.out)")
        } else {
            #expect(mine.status == 1)
            #expect(mine.out.contains("exercise 7.3 is not implemented yet") || mine.out.contains("your means are not right yet"), "\(mine.out)")
        }
        let bad = try runProduct("stage07-novel-tasks", ["--run", folder.appendingPathComponent("missing").path])
        #expect(bad.status != 0 && bad.err.contains("result.json"))
    }

    @Test("lpt bench --json prints the matrix-product figures")
    func benchJSON() throws {
        let r = try runProduct("lpt", ["bench", "--json"])
        #expect(r.status == 0, "stderr: \(r.err)")
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let results = json?["results"] as? [[String: Any]] ?? []
        #expect(results.contains { ($0["name"] as? String)?.contains("512x512x512") == true && ($0["value"] as? Double ?? 0) > 0 })
    }

    @Test("lpt hint prints graded hints and lists a chapter's exercises; an unknown id or level is a clear error")
    func hint() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let first = try runProduct("lpt", ["hint", "1.2", "--root", root.path])
        #expect(first.status == 0 && first.out.contains("hint 1 of 3") && first.out.contains("lpt hint 1.2 --level 2"))
        let last = try runProduct("lpt", ["hint", "1.2", "--level", "3", "--root", root.path])
        #expect(last.status == 0 && last.out.contains("hint 3 of 3") && !last.out.contains("--level 4"))
        let chapter = try runProduct("lpt", ["hint", "1", "--root", root.path])
        #expect(chapter.status == 0 && chapter.out.contains("1.1") && chapter.out.contains("1.5"))
        let bad = try runProduct("lpt", ["hint", "9.9", "--root", root.path])
        #expect(bad.status != 0 && bad.err.contains("no exercise 9.9"))
        let badLevel = try runProduct("lpt", ["hint", "1.2", "--level", "4", "--root", root.path])
        #expect(badLevel.status != 0 && badLevel.err.contains("--level"))
    }
}

@Suite struct Stage02RunTests {
    @Test("stage02-t5 pretrains, resumes after a simulated kill, and writes its figures")
    func pretrainAndResume() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-stage02-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = ["--test-size", "--steps", "8", "--batch-size", "4", "--checkpoint-every", "4",
                      "--output", folder.appendingPathComponent("run").path]
        let killed = try runProduct("stage02-t5", common + ["--stop-after", "6"])
        #expect(killed.status == 3, "stderr: \(killed.err)")
        let resumed = try runProduct("stage02-t5", common + ["--figures", folder.path])
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        #expect(resumed.out.contains("resumed from") && resumed.out.contains("at step 4"))
        #expect(resumed.out.contains("loss curve:"))
        let dot = try String(contentsOf: folder.appendingPathComponent("02-t5-blocks.dot"), encoding: .utf8)
        #expect(dot.contains("cross-attention"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("02-pretraining-loss.svg").path))
    }

    @Test("stage02-t5 --mine runs T5 with the learner's RMSNorm, or says exactly why not")
    func mine() throws {
        let r = try runProduct("stage02-t5", ["--mine"])
        #expect(r.out.contains("your code: T5's RMSNorm from exercise 2.2 (exercises/Stubs/Ch02/Ex2_2_RMSNorm.swift)"))
        if r.status == 0 {
            #expect(r.out.contains("your RMSNorm ran") && r.out.contains("greedy tokens: identical"))
        } else {
            #expect(r.out.contains("exercise 2.2 is not implemented yet") || r.out.contains("differs from the library's"), "\(r.out)")
        }
    }

    @Test("lpt t5 forward writes logits and loss; a bad batch names the field")
    func t5Forward() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = root.appendingPathComponent("Tests/T5Tests/Fixtures/relu-tied")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fwd-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: out) }
        let ok = try runProduct("lpt", ["t5", "forward", "--checkpoint", fixture.path, "--batch",
                                        fixture.appendingPathComponent("batch.json").path, "--out", out.path, "--grads"])
        #expect(ok.status == 0, "stderr: \(ok.err)")
        #expect(ok.out.contains("logits [2, 5, 96]") && ok.out.contains("60 gradients"))
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: bad) }
        try #"{"input_ids": [[5, 6], [7]], "labels": [[1], [1]]}"#.write(to: bad, atomically: true, encoding: .utf8)
        let ragged = try runProduct("lpt", ["t5", "forward", "--checkpoint", fixture.path, "--batch", bad.path, "--out", out.path])
        #expect(ragged.status != 0 && ragged.err.contains("input_ids[1] has 1 entries, expected 2"))
    }
}

@Suite struct Stage03RunTests {
    @Test("stage03-sel walks a sentence through SEL, prints the benchmark and writes its figure")
    func walkthrough() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-stage03-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("stage03-sel", ["--figures", folder.path])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("readable: ((people: Mary Lee (work for: Orbis Labs) (live in: Dunmore)) (organization: Orbis Labs) (location: Dunmore))"))
        #expect(r.out.contains("missing closers   fixed"))
        #expect(r.out.contains("garbage           ill-formed"))
        #expect(r.out.contains("closest: live in (Ana Cole [6, 7] → Dunmore [10])"))
        #expect(r.out.contains("headline F1 (RE, offset-rel-strict-F1): 66.67"))
        #expect(r.out.contains("| conll04 | CoNLL04 | RE |") && r.out.contains("1000/200/300"))
        let dot = try String(contentsOf: folder.appendingPathComponent("03-sel-tree.dot"), encoding: .utf8)
        #expect(dot.contains("people: Mary Lee"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("03-sel-tree.svg").path))
    }

    @Test("stage03-sel --mine reads the backbone's outputs with the learner's parser, or says exactly why not")
    func mine() throws {
        let r = try runProduct("stage03-sel", ["--mine"])
        #expect(r.out.contains("your code: the SEL parser from exercise 3.2 (exercises/Stubs/Ch03/Ex3_2_ParseSEL.swift)"))
        if r.status == 0 {
            #expect(r.out.contains("identical to the library's reading: 80 of 80") || r.out.contains("left out"), "\(r.out)")
        } else {
            #expect(r.out.contains("exercise 3.2 is not implemented yet") || r.out.contains("read differently"), "\(r.out)")
        }
    }

    @Test("stage03-sel --show-task prints sentences with SEL; an unknown task is a clear error")
    func showTask() throws {
        let ok = try runProduct("stage03-sel", ["--show-task", "14lap", "--count", "2"])
        #expect(ok.status == 0, "stderr: \(ok.err)")
        #expect(ok.out.contains("14lap (ABSA") && ok.out.contains("(aspect:"))
        let bad = try runProduct("stage03-sel", ["--show-task", "no-such-task"])
        #expect(bad.status == 64 && bad.err.contains("unknown task 'no-such-task'"))
    }
}

@Suite struct Stage04And05RunTests {
    @Test("stage04-soft-prompts tunes a shallow and a deep prompt and prints the comparison (tiny sizes for speed)")
    func stage04() throws {
        let r = try runProduct("stage04-soft-prompts", ["--tasks", "14lap", "--train", "32", "--epochs", "1",
                                                       "--dev-limit", "8", "--test-limit", "8"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("| 14lap | ABSA | shallow | 2560 |") && r.out.contains("| 14lap | ABSA | deep | 20480 |"))
        #expect(r.out.contains("[time] 14lap deep"))
        // --confusion prints the label confusions without a prompt and after tuning.
        let c = try runProduct("stage04-soft-prompts", ["--tasks", "ace05-ent", "--placements", "deep", "--train", "32", "--epochs", "1",
                                                       "--dev-limit", "8", "--test-limit", "8", "--confusion", "3"])
        #expect(c.status == 0, "stderr: \(c.err)")
        #expect(c.out.contains("ace05-ent, backbone without a prompt:") && c.out.contains("ace05-ent, tuned deep prompt:")
                && c.out.contains("| gold | predicted | count |"))
    }

    @Test("stage04-soft-prompts --mine trains a prompt through an MLP laid out by the learner's code, or says exactly why not")
    func stage04Mine() throws {
        let r = try runProduct("stage04-soft-prompts", ["--mine", "--tasks", "14lap", "--placements", "deep", "--train", "8", "--epochs", "1",
                                                       "--dev-limit", "2", "--test-limit", "2"])
        #expect(r.out.contains("your code: the reparameterised prompt from exercise 4.3 (exercises/Stubs/Ch04/Ex4_3_ReparameterizedPrompt.swift)"))
        if r.status == 0 {
            #expect(r.out.contains("it agrees with the MLP's own output") && r.out.contains("| 14lap | ABSA | deep via MLP (yours) |")
                    && r.out.contains("your layout made"), "\(r.out)")
        } else {
            #expect(r.status == 1)
            #expect(r.out.contains("exercise 4.3 is not implemented yet") || r.out.contains("your layout is not right yet"), "\(r.out)")
        }
    }

    @Test("stage05-lottery-masks --method-diagram draws the method at once; without --figures it is a clear error")
    func methodDiagram() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-method-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("stage05-lottery-masks", ["--figures", folder.path, "--method-diagram"])
        #expect(r.status == 0, "stderr: \(r.err)")
        let svg = try String(contentsOf: folder.appendingPathComponent("05-method.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("top-k") && svg.contains("trains"))
        let bad = try runProduct("stage05-lottery-masks", ["--method-diagram"])
        #expect(bad.status != 0 && bad.err.contains("--method-diagram needs --figures"))
    }

    @Test("stage05-lottery-masks --mine makes the masks with the learner's top-k, or says exactly why not")
    func mine() throws {
        let r = try runProduct("stage05-lottery-masks", ["--mine", "--tasks", "ace04,14lap", "--train", "8", "--epochs", "1",
                                                         "--dev-limit", "2", "--test-limit", "2"])
        #expect(r.out.contains("your code: the top-k mask from exercise 5.1 (exercises/Stubs/Ch05/Ex5_1_TopKMask.swift)"))
        if r.status == 0 {
            #expect(r.out.contains("your top-k computed") && r.out.contains("unchanged after later tasks: yes, exactly"))
        } else {
            #expect(r.out.contains("exercise 5.1 is not implemented yet") || r.out.contains("differs from the library's"), "\(r.out)")
        }
    }

    @Test("stage05-lottery-masks learns two tasks, keeps the first unchanged, resumes from its checkpoints, writes the figure")
    func stage05() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-stage05-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let args = ["--tasks", "14lap,ace04", "--train", "32", "--epochs", "1", "--dev-limit", "8", "--test-limit", "8",
                    "--checkpoints", folder.appendingPathComponent("ck").path, "--figures", folder.path]
        let first = try runProduct("stage05-lottery-masks", args)
        #expect(first.status == 0, "stderr: \(first.err)")
        #expect(first.out.contains("earlier tasks' F1 unchanged after later tasks: yes, exactly"))
        #expect(first.out.contains("| 1. 14lap |") && first.out.contains("| 2. ace04 |") && first.out.contains("Tune Param"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("05-mask-reuse.svg").path))
        // A rerun finds both tasks done and prints the same table.
        let again = try runProduct("stage05-lottery-masks", args)
        func table(_ s: String) -> [String] { s.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| ") } }
        #expect(again.status == 0 && table(again.out) == table(first.out))
        let bad = try runProduct("stage05-lottery-masks", ["--keep", "1.5"])
        #expect(bad.status == 64 && bad.err.contains("--keep in (0, 1]"))
    }
}

@Suite struct Stage06RunTests {
    @Test("stage06-continual-loop --mine adds the learner's forgetting to the results, or says exactly why not")
    func mine() throws {
        let r = try runProduct("stage06-continual-loop", ["--mine", "--tasks", "14lap,ace04", "--methods", "fine-tuning", "--train", "8",
                                                         "--full-epochs", "1", "--test-limit", "2"])
        #expect(r.out.contains("your code: forgetting from exercise 6.1 (exercises/Stubs/Ch06/Ex6_1_Forgetting.swift)"))
        if r.status == 0 {
            #expect(r.out.contains("it agrees with the kit's BWT on 16 accuracy matrices") && r.out.contains("forgetting by your code")
                    && r.out.contains("| Fine-tuning |") && r.out.contains("forgetting (yours)"), "\(r.out)")
        } else {
            #expect(r.status == 1)
            #expect(r.out.contains("exercise 6.1 is not implemented yet") || r.out.contains("your forgetting is not right yet"), "\(r.out)")
        }
    }
}
