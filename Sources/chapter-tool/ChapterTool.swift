// The command tree of chapter-tool and the options every subcommand shares.

import ArgumentParser
import Foundation

struct ChapterTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chapter-tool",
        abstract: "Keep chapters, recorded outputs and exercises in step with the code.",
        discussion: """
            Chapters include marked source regions ('// snippet.<id>' ... '// snippet.end') as \
            '<!-- include FILE#ID -->' followed by a ```swift block, and record program output as \
            '<!-- output [ci] COMMAND -->' followed by a ```text block.
            """,
        subcommands: [Check.self, Write.self, CheckOutputs.self, LintExercises.self, StubCheckCommand.self])
}

/// `--root`, shared by every subcommand.
struct RootOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Package root, the directory holding Package.swift (default: current directory).",
                               valueName: "dir"))
    var root: String?

    var rootURL: URL {
        URL(fileURLWithPath: root ?? FileManager.default.currentDirectoryPath, isDirectory: true).standardizedFileURL
    }
}

/// Diagnostics go to stderr so stdout carries only the summary lines a reader or CI log looks for.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Resolves a user-given path against the current directory (not `--root`), as shells do.
func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
}
