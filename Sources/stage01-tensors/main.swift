print("stage01")
