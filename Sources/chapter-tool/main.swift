print("chapter-tool")
