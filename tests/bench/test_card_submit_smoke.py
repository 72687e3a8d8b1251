"""`python -m bench.card_submit --smoke` still works: 20 members of a group on SQLite
answer a date poll three times each through `POST /api/messages` of the real
`python -m bot serve`, and the same clicks go to the stock echo bot. Every click is
answered, every answer is stored exactly once with the member's last choice, the card
shows the stored totals. Speed is not judged here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULT_LINE = re.compile(r"^(?P<name>[a-z_0-9]+): (?P<value>[0-9.]+) (?P<unit>\S+) \(target .+\)$")


def test_card_submit_smoke() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.card_submit", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert RESULT_LINE.match(lines[-1]) and lines[-1].startswith("card_submit: "), lines[-1]
    values = {
        match["name"]: float(match["value"])
        for line in lines
        if (match := RESULT_LINE.match(line)) is not None
    }
    assert values["card_submit_wrong_results"] == 0, result.stdout
    assert values["card_submit_rps_sqlite"] > 0
    assert 0 < values["card_submit_p99_sqlite"] < 60_000, result.stdout
    assert values["card_submit"] > 0  # the ratio to the echo bot was measured
