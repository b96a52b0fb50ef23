// swift-tools-version:6.0
// The LPT kit: Lottery Prompt Tuning for lifelong UIE, rebuilt from first principles.
// One library per stage (each imports only earlier stages), one thin executable per stage,
// the `lpt` CLI, and the chapter/exercise tooling. See README.md and ../shared/reference/style.md.
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "lpt-kit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lpt", targets: ["lpt"]),
        .executable(name: "stage01-tensors", targets: ["stage01-tensors"]),
        .executable(name: "stage02-t5", targets: ["stage02-t5"]),
        .executable(name: "stage03-sel", targets: ["stage03-sel"]),
        .executable(name: "stage04-soft-prompts", targets: ["stage04-soft-prompts"]),
        .executable(name: "stage05-lottery-masks", targets: ["stage05-lottery-masks"]),
        .executable(name: "stage06-continual-loop", targets: ["stage06-continual-loop"]),
        .executable(name: "stage07-novel-tasks", targets: ["stage07-novel-tasks"]),
        .executable(name: "stage08-prompt-transfer", targets: ["stage08-prompt-transfer"]),
        .executable(name: "stage09-token-prompts", targets: ["stage09-token-prompts"]),
        .executable(name: "chapter-tool", targets: ["chapter-tool"]),
        .library(name: "Tensors", targets: ["Tensors"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config; README's set-up installs the -dev packages.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc",
                       providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]),

        // Support libraries (not stages): DOT building/rendering, chapter sync, exercise errors.
        .target(name: "Diagrams", dependencies: ["CGraphviz"]),
        .target(name: "ChapterKit"),
        .target(name: "ExerciseSupport"),
        // Flag checks and the readable-error main() shared by every executable.
        .target(name: "CommandSupport", dependencies: ["Diagrams", argumentParser]),

        // Stage 1: tensors and reverse-mode autodiff on OpenBLAS.
        // Exclusivity checks are off in the numeric core: its hot loops touch class-held arrays, and the
        // run-time checks cost ~3% of a training step (lpt bench). The code never aliases those accesses.
        .target(name: "Tensors", dependencies: ["CBLAS", "Diagrams"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),

        // Stage 2: T5 encoder-decoder blocks, checkpoints, generation, vocabulary, pretraining.
        .target(name: "T5", dependencies: ["Tensors", "Diagrams"]),

        // Stage 3: SEL (schema prompt, linearization, parsing, offsets, scoring), the lifelong-UIE
        // benchmark generator, constrained decoding and the tiny-UIE backbone.
        // The shipped backbone checkpoint lives in Sources/SEL/Backbone (data, not sources), and is
        // copied beside every built executable as a resource bundle, so a moved or copied `lpt` finds it.
        .target(name: "SEL", dependencies: ["T5", "Tensors", "Diagrams"], resources: [.copy("Backbone")]),

        // Stage 4: soft prompts (shallow and deep) on the frozen backbone, and the prompt tuner.
        .target(name: "SoftPrompts", dependencies: ["SEL", "T5", "Tensors"]),

        // Stage 5: lottery prompts: scores, top-k masks, straight-through, gradient isolation, packed masks.
        .target(name: "LotteryMasks", dependencies: ["SoftPrompts", "SEL", "T5", "Tensors", "Diagrams"]),

        // Stage 6: the continual loop: learners (LPT and the paper's baselines), task streams,
        // the accuracy matrix and its metrics, resumable runs, figures.
        .target(name: "ContinualLoop", dependencies: ["LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams"]),

        // Stage 7: novel tasks: choosing a learned mask (perplexity, one-shot gradient, neuron
        // overlap), zero-shot and few-shot adaptation.
        .target(name: "NovelTasks", dependencies: ["ContinualLoop", "LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams"]),

        // Stage 8: prompt transferability (Su et al. 2022): a prompt per task, the cross-task
        // transfer matrix, transfer as initialisation, and the indicators that might predict it.
        .target(name: "PromptTransfer", dependencies: ["NovelTasks", "ContinualLoop", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams"]),
        // Stage 9: token-wise prompt tuning (TPT): a bank of prompt vectors shared by all tasks, each
        // example retrieving its own few by its word embeddings; target-task arms and retrieval analysis.
        .target(name: "TokenPrompts", dependencies: ["ContinualLoop", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams"]),

        // Thin executables. A stage's `--mine` runs the learner's exercise code (its Exercises target).
        .executableTarget(name: "stage01-tensors", dependencies: ["CommandSupport", "Tensors", "Diagrams", "ExerciseSupport", "Exercises01", argumentParser]),
        .executableTarget(name: "stage02-t5", dependencies: ["CommandSupport", "ExerciseSupport", "Exercises02", "T5", "Tensors", "Diagrams", argumentParser]),
        .executableTarget(name: "stage03-sel", dependencies: ["CommandSupport", "ExerciseSupport", "Exercises03", "SEL", "T5", "Tensors", "Diagrams", argumentParser]),
        .executableTarget(name: "stage04-soft-prompts", dependencies: ["CommandSupport", "ExerciseSupport", "Exercises04", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams", argumentParser]),
        .executableTarget(name: "stage05-lottery-masks", dependencies: ["CommandSupport", "ExerciseSupport", "Exercises05", "LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams", argumentParser]),
        .executableTarget(name: "stage06-continual-loop", dependencies: ["CommandSupport", "ContinualLoop", "ExerciseSupport", "Exercises06", "LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams", argumentParser]),
        .executableTarget(name: "stage07-novel-tasks", dependencies: ["CommandSupport", "ExerciseSupport", "Exercises07", "NovelTasks", "ContinualLoop", "LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams", argumentParser]),
        .executableTarget(name: "stage08-prompt-transfer", dependencies: ["CommandSupport", "ExerciseSupport", "Exercises08", "PromptTransfer", "ContinualLoop", "SEL", "Diagrams", argumentParser]),
        .executableTarget(name: "lpt", dependencies: ["CommandSupport", "Tensors", "T5", "SEL", "SoftPrompts", "LotteryMasks", "ContinualLoop", "NovelTasks", "PromptTransfer", "TokenPrompts", "Diagrams", "ChapterKit", "CBLAS", argumentParser]),
        .executableTarget(name: "stage09-token-prompts", dependencies: ["CommandSupport", "ExerciseSupport", "Exercises09", "TokenPrompts", "ContinualLoop", "SoftPrompts", "SEL", "T5", "Tensors", "Diagrams", argumentParser]),
        .executableTarget(name: "chapter-tool", dependencies: ["ChapterKit", argumentParser]),

        // Exercises: stubs and reference solutions share file names and API.
        .target(name: "Exercises01", dependencies: ["Tensors", "ExerciseSupport"], path: "exercises/Stubs/Ch01"),
        .target(name: "Solutions01", dependencies: ["Tensors", "ExerciseSupport"], path: "exercises/Solutions/Ch01"),
        .target(name: "Exercises02", dependencies: ["Tensors", "T5", "ExerciseSupport"], path: "exercises/Stubs/Ch02"),
        .target(name: "Solutions02", dependencies: ["Tensors", "T5", "ExerciseSupport"], path: "exercises/Solutions/Ch02"),
        .target(name: "Exercises03", dependencies: ["SEL", "T5", "Tensors", "ExerciseSupport"], path: "exercises/Stubs/Ch03"),
        .target(name: "Solutions03", dependencies: ["SEL", "T5", "Tensors", "ExerciseSupport"], path: "exercises/Solutions/Ch03"),
        .target(name: "Exercises04", dependencies: ["SoftPrompts", "T5", "Tensors", "ExerciseSupport"], path: "exercises/Stubs/Ch04"),
        .target(name: "Solutions04", dependencies: ["SoftPrompts", "T5", "Tensors", "ExerciseSupport"], path: "exercises/Solutions/Ch04"),
        .target(name: "Exercises05", dependencies: ["LotteryMasks", "SoftPrompts", "T5", "Tensors", "ExerciseSupport"], path: "exercises/Stubs/Ch05"),
        .target(name: "Solutions05", dependencies: ["LotteryMasks", "SoftPrompts", "T5", "Tensors", "ExerciseSupport"], path: "exercises/Solutions/Ch05"),
        .target(name: "Exercises06", dependencies: ["ContinualLoop", "Tensors", "ExerciseSupport"], path: "exercises/Stubs/Ch06"),
        .target(name: "Solutions06", dependencies: ["ContinualLoop", "Tensors", "ExerciseSupport"], path: "exercises/Solutions/Ch06"),
        .target(name: "Exercises07", dependencies: ["NovelTasks", "LotteryMasks", "Tensors", "ExerciseSupport"], path: "exercises/Stubs/Ch07"),
        .target(name: "Solutions07", dependencies: ["NovelTasks", "LotteryMasks", "Tensors", "ExerciseSupport"], path: "exercises/Solutions/Ch07"),
        .target(name: "Exercises08", dependencies: ["PromptTransfer", "ExerciseSupport"], path: "exercises/Stubs/Ch08"),
        .target(name: "Solutions08", dependencies: ["PromptTransfer", "ExerciseSupport"], path: "exercises/Solutions/Ch08"),
        .target(name: "Exercises09", dependencies: ["TokenPrompts", "ExerciseSupport"], path: "exercises/Stubs/Ch09"),
        .target(name: "Solutions09", dependencies: ["TokenPrompts", "ExerciseSupport"], path: "exercises/Solutions/Ch09"),

        // Tests.
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "T5Tests", dependencies: ["T5", "Tensors"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SELTests", dependencies: ["SEL", "T5", "Tensors"]),
        .testTarget(name: "SoftPromptsTests", dependencies: ["SoftPrompts", "SEL", "T5", "Tensors"]),
        .testTarget(name: "LotteryMasksTests", dependencies: ["LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors"]),
        .testTarget(name: "ContinualLoopTests", dependencies: ["ContinualLoop", "LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors"]),
        .testTarget(name: "NovelTasksTests", dependencies: ["NovelTasks", "ContinualLoop", "LotteryMasks", "SoftPrompts", "SEL", "T5", "Tensors"]),
        .testTarget(name: "PromptTransferTests", dependencies: ["PromptTransfer", "NovelTasks", "ContinualLoop", "SoftPrompts", "SEL", "T5", "Tensors"]),
        .testTarget(name: "TokenPromptsTests", dependencies: ["TokenPrompts", "ContinualLoop", "SoftPrompts", "SEL", "T5", "Tensors"]),
        .testTarget(name: "DiagramsTests", dependencies: ["Diagrams"]),
        .testTarget(name: "ChapterSyncTests", dependencies: ["ChapterKit", "Tensors", "T5", "SEL", "Diagrams"]),
        .testTarget(name: "StageRunTests", dependencies: []),
        // Appendix A's Swift examples: each runs as a test, and the appendix includes it by its markers.
        .testTarget(name: "SwiftAppendixTests", dependencies: ["Tensors"]),
        .testTarget(name: "ExerciseTests",
                    dependencies: ["Tensors", "T5", "SEL", "ExerciseSupport", "ChapterKit",
                                   "Exercises01", "Solutions01", "Exercises02", "Solutions02",
                                   "Exercises03", "Solutions03", "SoftPrompts", "LotteryMasks",
                                   "Exercises04", "Solutions04", "Exercises05", "Solutions05",
                                   "ContinualLoop", "Exercises06", "Solutions06",
                                   "NovelTasks", "Exercises07", "Solutions07",
                                   "PromptTransfer", "Exercises08", "Solutions08",
                                   "TokenPrompts", "Exercises09", "Solutions09"]),
    ]
)
