print("lpt")
