"""Benchmarks and quality harnesses; run with `python -m bench.<name>`."""
