"""`python -m bench.restart --smoke` still works: 200 pending reminders on SQLite, two
restarts of the real `python -m bot serve`; every due reminder arrives exactly once,
none of the future ones is sent, the bot exits cleanly. Speed is not judged here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULT_LINE = re.compile(r"^(?P<name>[a-z_]+): (?P<value>[0-9.]+) (?P<unit>\S+) \(target .+\)$")


def test_restart_smoke() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.restart", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert RESULT_LINE.match(lines[-1]), lines[-1]
    values = {
        match["name"]: float(match["value"])
        for line in lines
        if (match := RESULT_LINE.match(line)) is not None
    }
    assert values["restart_sqlite_lost_or_duplicated"] == 0
    assert values["restart_sqlite_sent_early"] == 0
    assert values["restart_sqlite_unclean_exits"] == 0
    assert values["restart_sqlite_rss_after_first_send_max"] > 0
    assert (
        0 < values["restart_sqlite_first_reminder_worst"] == values["restart_first_reminder_worst"]
    )
