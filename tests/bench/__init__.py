"""Smoke runs of the benchmarks (issue #8): tiny sizes, correctness checked, no timing targets."""
