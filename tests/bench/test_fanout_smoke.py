"""`python -m bench.fanout --smoke` still works: 100 channel nudges through the real
dispatcher into the connector process that enforces Teams' limits, on SQLite (and
PostgreSQL when it answers); every message arrives exactly once and every row ends
`sent`. Speed is not judged here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULT_LINE = re.compile(r"^(?P<name>[a-z_0-9]+): (?P<value>[0-9.]+) (?P<unit>\S+) \(target .+\)$")


def test_fanout_smoke() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.fanout", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert RESULT_LINE.match(lines[-1]) and lines[-1].startswith("fanout: "), lines[-1]
    values = {
        match["name"]: float(match["value"])
        for line in lines
        if (match := RESULT_LINE.match(line)) is not None
    }
    backends = [b for b in ("sqlite", "postgresql") if f"fanout_{b}_lost" in values]
    assert "sqlite" in backends
    for backend in backends:
        assert values[f"fanout_{backend}_lost"] == 0
        assert values[f"fanout_{backend}_duplicated"] == 0
        assert values[f"fanout_{backend}_rows_sent"] == 100
        assert values[f"fanout_{backend}_throughput"] > 0
    assert values["fanout"] == min(values[f"fanout_{b}_throughput"] for b in backends)
