// stage08-prompt-transfer and lpt transfer on tiny settings (16 training sentences, 2 epochs,
// a handful of dev and test sentences: small for test speed, the numbers mean nothing). What is
// checked: every table and figure appears, a rerun resumes from the folder and prints the same
// tables, and bad flags are refused with a message naming the problem.

import Foundation
import Testing

@Suite struct Stage08RunTests {
    static let tiny = ["--tasks", "ace04,conll03,14lap", "--init-targets", "14lap", "--train", "16", "--epochs", "2",
                       "--dev-limit", "4", "--test-limit", "8"]

    @Test("stage08-prompt-transfer prints the study's tables and figures, and resumes to the same tables")
    func smallStudy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-stage08-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let args = Self.tiny + ["--output", folder.appendingPathComponent("study").path, "--figures", folder.appendingPathComponent("figures").path]
        let r = try runProduct("stage08-prompt-transfer", args)
        #expect(r.status == 0, "stderr: \(r.err)")
        for heading in ["## Each task's own prompt", "## Zero-shot transfer", "## Which indicator", "## Transfer as initialisation"] {
            #expect(r.out.contains(heading), "missing \(heading)")
        }
        // Rows ordered by type (NER before ABSA), every indicator, every start of the one target.
        #expect(r.out.contains("| source \\ target | ace04 | conll03 | 14lap |"))
        #expect(["cosine (flat)", "cosine (per position)", "Euclidean distance", "ON (decoder, prompt only)", "neuron overlap"].allSatisfy { r.out.contains("| \($0)") })
        #expect(r.out.contains("| 14lap | best cross-type source | ace04 |") || r.out.contains("| 14lap | best cross-type source | conll03 |"))
        #expect(r.out.contains("| 14lap | multi-task prompt |") && r.out.contains("| 14lap | random |"))
        #expect(!r.out.contains("| 14lap | best same-type source"), "the study has no other ABSA task")
        for figure in ["08-transfer-matrix.svg", "08-init-curves.svg"] {
            let svg = try String(contentsOf: folder.appendingPathComponent("figures/\(figure)"), encoding: .utf8)
            #expect(svg.contains("<svg"), "\(figure)")
        }
        // Everything is saved: a rerun trains nothing and prints the same tables.
        let again = try runProduct("stage08-prompt-transfer", args)
        #expect(again.status == 0 && !again.err.contains("[prompt 1/3]") && !again.err.contains("[matrix"))
        let tables = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("|") } }
        #expect(tables(again.out) == tables(r.out))
        // Other settings on the same folder are refused, naming the flag.
        var changed = args
        changed[changed.firstIndex(of: "16")!] = "24"
        let refused = try runProduct("stage08-prompt-transfer", changed)
        #expect(refused.status != 0 && refused.err.contains("--train 16 (now 24)"), "\(refused.err)")
        // A damaged prompt file is named, not trained over or read as numbers.
        let prompt = folder.appendingPathComponent("study/prompts/conll03.safetensors")
        try Data("not a safetensors file".utf8).write(to: prompt)
        let damaged = try runProduct("stage08-prompt-transfer", args)
        #expect(damaged.status != 0 && damaged.err.contains("conll03.safetensors") && !damaged.err.contains("Fatal error"), "\(damaged.err)")
    }

    /// The learner's stub decides the path: untouched (a clean clone) it is named as not written
    /// and nothing is trained; solved, the table is computed with it.
    @Test("stage08-prompt-transfer --mine uses the learner's Spearman, or says exactly why not")
    func mine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-stage08-mine-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("stage08-prompt-transfer", Self.tiny + ["--mine", "--output", folder.path])
        #expect(r.out.contains("your code: Spearman's rho from exercise 8.3 (exercises/Stubs/Ch08/Ex8_3_SpearmanRho.swift)"))
        if r.status == 0 {
            #expect(r.out.contains("it agrees with the library's") && r.out.contains("Spearman's ρ, yours"))
        } else {
            #expect(r.status == 1)
            #expect(r.out.contains("exercise 8.3 is not implemented yet") || r.out.contains("`lpt check 8.3` shows where"), "\(r.out)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("prompts").path), "trained before checking the learner's code")
        }
    }

    @Test("stage08-prompt-transfer and lpt transfer refuse bad flags before any work")
    func badFlags() throws {
        let cases: [([String], String)] = [
            (["--tasks", "ace04,nope"], "unknown task 'nope'"),
            (["--tasks", "ace04"], "at least two tasks"),
            (["--tasks", "ace04,ace04"], "listed twice"),
            (["--tasks", "ace04,14lap", "--init-targets", "casie"], "not one of the study's tasks"),
            (["--tasks", "ace04,14lap", "--init-targets", "ace04,14lap"], "no task is left"),
            (["--epochs", "0"], "--epochs must be"),
            (["--output", " "], "--output must not be empty"),
        ]
        for (flags, message) in cases {
            let r = try runProduct("stage08-prompt-transfer", flags)
            #expect(r.status == 64 && r.err.contains(message), "\(flags): \(r.err)")
        }
        let lpt = try runProduct("lpt", ["transfer", "--tasks", "ace04,14lap", "--init-targets", "nyt"])
        #expect(lpt.status == 64 && lpt.err.contains("not one of the study's tasks"), "\(lpt.err)")
        let count = try runProduct("lpt", ["transfer", "--signature-examples", "0"])
        #expect(count.status == 64 && count.err.contains("--signature-examples"), "\(count.err)")
    }

    @Test("lpt transfer runs the same study with the main job's flags and writes transfer.md")
    func lptTransfer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-transfer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try runProduct("lpt", ["transfer", "--tasks", "ace04,14lap,14res", "--init-targets", "14res", "--train", "16",
                                       "--prompt-epochs", "1", "--prompt-epochs-by-type", "none", "--dev-limit", "4", "--test-limit", "8",
                                       "--output", folder.path])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("[1/4] one deep prompt per task (3 tasks)") && r.out.contains("[prompt 3/3] 14res"))
        #expect(r.out.contains("| 14res | best same-type source | 14lap |") && r.out.contains("| 14res | best cross-type source | ace04 |"))
        let saved = try String(contentsOf: folder.appendingPathComponent("transfer.md"), encoding: .utf8)
        #expect(saved.contains("## Zero-shot transfer") && saved.contains("| 14res | random |"))
    }
}
