// chapter-tool: keeps chapters in step with the code (style.md §2.3–2.5).
// Thin entry point; the subcommands live beside this file and all logic lives in ChapterKit.

ChapterTool.main()
