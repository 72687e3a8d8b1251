"""The search benchmark still runs, and its searches find the right decisions: the
seeded decision with a unique word is found by that word in its group and nowhere else,
every hit is from the searched group, a common word fills a page, a word found nowhere
finds nothing, and every `beslut sök` turn is answered by a member of a seeded group.
Speed targets are not enforced here (docs/performance.md)."""

from __future__ import annotations

import re

from tests.bench.smoke import run_smoke


def test_search_benchmark_smoke() -> None:
    run = run_smoke("search")
    lines, output = run.lines, run.output
    assert "search_wrong_results: 0 count (target 0)" in lines, output
    assert not any(line.startswith("wrong:") for line in lines), output
    seeded = [line for line in lines if re.match(r"^\w+: seeded 2001 decisions in 5 groups", line)]
    assert seeded, output
