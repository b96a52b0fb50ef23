// chapter-tool: keeps chapters in step with the code.
// Thin entry point; the subcommands live beside this file and all logic lives in ChapterKit.

ChapterTool.main()
