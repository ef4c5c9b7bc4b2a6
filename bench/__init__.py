"""The scale benchmark: a synthetic national data set (generate.py) and its measurements (run.py)."""
