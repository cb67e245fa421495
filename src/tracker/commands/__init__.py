"""One module per verb; each `run(...)` returns an exit code."""
