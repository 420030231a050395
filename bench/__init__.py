"""Benchmarks (`make bench`): ratios against a bare Starlette app, never timed unit tests."""
