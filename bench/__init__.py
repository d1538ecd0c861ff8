"""Benchmarks: scripts that print figures (`python -m bench.overview`), never timed tests."""
