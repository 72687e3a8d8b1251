"""Benchmarks for issue #8: `make bench` runs them all; `docs/performance.md` explains them."""
