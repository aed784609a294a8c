"""Benchmarks of the issues' figures, run by ``make bench``, never as timed tests."""
