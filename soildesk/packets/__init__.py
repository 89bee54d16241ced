"""Department packets: the fill-in workbook each unit gets for a period, reading it
back, and the review that applies what the departments answered."""
