print("stage 6")
