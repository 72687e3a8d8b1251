"""The search benchmark still runs, and its searches find the right decisions: the
seeded decision with a unique word is found by that word in its group and nowhere else,
every hit is from the searched group, a common word fills a page, a word found nowhere
finds nothing, and every `beslut sök` turn is answered by a member of a seeded group.
Speed targets are not enforced here (docs/performance.md)."""

from __future__ import annotations

import re
import subprocess
import sys

from bench.common import ROOT


def test_search_benchmark_smoke() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.search", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    lines = completed.stdout.strip().splitlines()
    assert re.match(r"^search: [0-9.]+ \S+ \(target .+\)$", lines[-1]), lines[-1]
    assert "search_wrong_results: 0 count (target 0)" in lines, output
    assert not any(line.startswith("wrong:") for line in lines), output
    seeded = [line for line in lines if re.match(r"^\w+: seeded 2001 decisions in 5 groups", line)]
    assert seeded, output
