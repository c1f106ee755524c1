"""Helper scripts for the quality gates; each also runs on its own (see its docstring)."""
