print("stage 7")
