"""`python -m bench.restart --smoke` still works: 200 pending reminders on SQLite, two
restarts of the real `python -m bot serve`; every due reminder arrives exactly once,
none of the future ones is sent, the bot exits cleanly. Speed is not judged here."""

from __future__ import annotations

from tests.bench.smoke import run_smoke


def test_restart_smoke() -> None:
    values = run_smoke("restart").values
    assert values["restart_sqlite_lost_or_duplicated"] == 0
    assert values["restart_sqlite_sent_early"] == 0
    assert values["restart_sqlite_unclean_exits"] == 0
    assert values["restart_sqlite_rss_after_first_send_max"] > 0
    assert (
        0 < values["restart_sqlite_first_reminder_worst"] == values["restart_first_reminder_worst"]
    )
