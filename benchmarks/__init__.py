"""Speed and memory measurements, each reported as a ratio against a baseline measured in the same run.

Run with `make bench` (or `python -m benchmarks --sizes 1000,10000`). Results go to
`benchmarks/results.md` with the machine they ran on.
"""
