// Recorded outputs: [time] lines never compared, the swift-run rewrite, refreshing blocks with
// `write --outputs`, and `check-outputs` running only ci commands (with a stand-in runner).

import ChapterKit
import Foundation
import Testing

@Suite struct RecordedOutputTests {
    let tree: TemporaryTree

    init() throws { tree = try TemporaryTree() }

    static let chapter = """
        # Demo

        <!-- output ci swift run -c release demo --seed 1 -->
        ```text
        loss 0.50
        [time] 1.2 s
        accuracy 0.90
        ```

        <!-- output swift run demo --long -->

        """

    @Test func timingLinesAreIgnoredOnBothSides() {
        let recorded = ["loss 0.50", "[time] 1.2 s", "accuracy 0.90"]
        #expect(RecordedOutput.firstDifference(recorded: recorded, stdout: "loss 0.50\naccuracy 0.90\n") == nil)
        #expect(RecordedOutput.firstDifference(recorded: recorded,
                                               stdout: "[time] 9 s\nloss 0.50\naccuracy 0.90\n[time] 1 s\n") == nil)
        // A real change is located in the recorded block, past the skipped timing line.
        let difference = RecordedOutput.firstDifference(recorded: recorded, stdout: "loss 0.50\naccuracy 0.91\n")
        #expect(difference == LineDifference(index: 2, expected: "accuracy 0.90", actual: "accuracy 0.91"))
    }

    @Test func swiftRunIsRewrittenToTheBinaryDirectory() {
        #expect(RecordedOutput.rewrite("swift run -c release X --a", binDirectory: "DIR") == "DIR/X --a")
        #expect(RecordedOutput.rewrite("swift run stage01-tensors", binDirectory: "/b/") == "/b/stage01-tensors")
        #expect(RecordedOutput.rewrite("swift run --configuration debug X -v 'a b'", binDirectory: "/b")
                    == "/b/X -v 'a b'")
        #expect(RecordedOutput.rewrite("swift run X", binDirectory: "/my bins") == "'/my bins/X'")
        #expect(RecordedOutput.rewrite("cat figures/a.dot", binDirectory: "/b") == "cat figures/a.dot")
        #expect(RecordedOutput.rewrite("swift build", binDirectory: "/b") == "swift build")
    }

    @Test func writeOutputsRefreshesAndInsertsBlocks() throws {
        try tree.write("chapters/01-demo.md", Self.chapter)
        var seen: [String] = []
        let report = try ChapterSync(root: tree.root).write { request in
            seen.append("\(request.index)/\(request.total) \(request.command)")
            return CommandResult(stdout: request.command.hasSuffix("--long") ? "trained\n" : "loss 0.25\n[time] 2 s\n",
                                 status: 0)
        }
        #expect(report.isClean)
        // Every output command runs, ci or not, in reading order, as written (no rewrite).
        #expect(seen == ["1/2 swift run -c release demo --seed 1", "2/2 swift run demo --long"])
        #expect(try tree.read("chapters/01-demo.md") == """
            # Demo

            <!-- output ci swift run -c release demo --seed 1 -->
            ```text
            loss 0.25
            [time] 2 s
            ```

            <!-- output swift run demo --long -->
            ```text
            trained
            ```

            """)
    }

    @Test func failingCommandLeavesItsBlockAlone() throws {
        try tree.write("chapters/01-demo.md", Self.chapter)
        let report = try ChapterSync(root: tree.root).write { _ in CommandResult(stdout: "partial\n", status: 2) }
        #expect(report.outputProblems.count == 2)
        #expect(report.outputProblems.first == .commandFailed(chapter: "chapters/01-demo.md", line: 3,
                                                              command: "swift run -c release demo --seed 1", status: 2))
        #expect(try tree.read("chapters/01-demo.md") == Self.chapter)
    }

    @Test func checkOutputsRunsOnlyCICommandsAgainstBinaries() throws {
        try tree.write("chapters/01-demo.md", Self.chapter)
        let sync = ChapterSync(root: tree.root)
        var commands: [String] = []
        let same = sync.checkOutputs(binDirectory: "/bin-dir") { request in
            commands.append(request.command)
            return CommandResult(stdout: "loss 0.50\n[time] 0.1 s\naccuracy 0.90\n", status: 0)
        }
        #expect(commands == ["/bin-dir/demo --seed 1"])
        #expect(same.isClean)
        #expect(same.summary == "outputs: 1 ci commands checked, 0 differ")

        let changed = sync.checkOutputs(binDirectory: "/bin-dir") { _ in
            CommandResult(stdout: "loss 0.50\naccuracy 0.80\n", status: 0)
        }
        #expect(changed.problems == [.differs(chapter: "chapters/01-demo.md", line: 3, command: "/bin-dir/demo --seed 1",
                                              blockLine: 7, recorded: "accuracy 0.90", actual: "accuracy 0.80")])
        #expect(changed.summary == "outputs: 1 ci commands checked, 1 differ")
        #expect(changed.problems[0].description.contains("chapters/01-demo.md:7"))
    }

    @Test func commandRunnerUsesShellRootAndNoProgressFlag() throws {
        let runner = CommandRunner(root: tree.root, environment: ["PATH": "/usr/bin:/bin", "KEEP": "yes"])
        let result = try runner.run("echo $LPT_NO_PROGRESS $KEEP; pwd")
        #expect(result.status == 0)
        let lines = RecordedOutput.blockLines(forStdout: result.stdout)
        #expect(lines.first == "1 yes")
        #expect(URL(fileURLWithPath: lines.last ?? "").resolvingSymlinksInPath().path
                    == tree.root.resolvingSymlinksInPath().path)
        #expect(try runner.run("exit 3").status == 3)
    }
}
