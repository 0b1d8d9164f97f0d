"""stridewise benchmarks: run `python -m benchmarks` from the repository root (see BENCHMARKS.md).

Nothing here is imported by the package or timed by the test suite.
"""
