"""Benchmarks of the reader on the shared news corpus (never run by the test suite)."""
