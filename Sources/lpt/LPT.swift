// lpt: the kit's command line. `lpt run` is the main job (README's first command); the other
// subcommands cut across stages: benchmarks, exercise hints and checks. Stages add theirs here.

import ArgumentParser
import CommandSupport
import Foundation

@main
struct LPT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lpt",
        abstract: "The LPT kit: Lottery Prompt Tuning for lifelong information extraction, from first principles.",
        discussion: """
            Start with `lpt run`, then read chapters/ in order. Each chapter has a small executable \
            (stage01-tensors, …) and exercises: `lpt hint 1.1`, `lpt check 1.1`.
            """,
        subcommands: [Run.self, Learn.self, Table1.self, Novel.self, Table2.self, Selectors.self, Transfer.self, Project.self, TokenPromptsCommand.self, Sweep.self, Frontier.self, Bench.self, BenchmarkCommand.self, BackboneGroup.self, T5Group.self, Score.self, Hint.self, Check.self])

    static func main() {
        // A child job started by `lpt run`, `table1`, … stops when its parent is gone.
        ChildJobs.watchParent()
        mainWithReadableErrors()
    }
}
