"""`python -m bench.card_submit --smoke` still works: 20 members of a group on SQLite
answer a date poll three times each through `POST /api/messages` of the real
`python -m bot serve`, and the same clicks go to the stock echo bot. Every click is
answered, every answer is stored exactly once with the member's last choice, the card
shows the stored totals. Speed is not judged here."""

from __future__ import annotations

from tests.bench.smoke import run_smoke


def test_card_submit_smoke() -> None:
    run = run_smoke("card_submit")
    values = run.values
    assert values["card_submit_wrong_results"] == 0, run.output
    assert values["card_submit_rps_sqlite"] > 0
    assert 0 < values["card_submit_p99_sqlite"] < 60_000, run.output
    # CPU per request of both processes was measured, and their ratio is the headline.
    assert values["card_submit_cpu_sqlite"] > 0, run.output
    assert values["card_submit"] > 0
