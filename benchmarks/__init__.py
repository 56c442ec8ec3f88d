"""Benchmarks of xlqms, run by hand (see benchmarks/README.md); the test suite runs them small."""
