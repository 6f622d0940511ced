"""Benchmarks of the dashboard and the command line on large synthetic stores (`make bench`).

Never run by pytest: `make bench` (or `python -m benchmarks.run`) measures every figure against
its baseline and writes `benchmarks/RESULTS.md`.
"""
