"""Benchmarks of the figures the issues name; run with ``make bench``, never as timed tests."""
