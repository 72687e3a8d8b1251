"""`python -m bench.fanout --smoke` still works: 100 channel nudges through the real
dispatcher into the connector process that enforces Teams' limits, on SQLite (and
PostgreSQL when it answers); every message arrives exactly once and every row ends
`sent`. Speed is not judged here."""

from __future__ import annotations

from tests.bench.smoke import run_smoke


def test_fanout_smoke() -> None:
    values = run_smoke("fanout").values
    backends = [b for b in ("sqlite", "postgresql") if f"fanout_{b}_lost" in values]
    assert "sqlite" in backends
    for backend in backends:
        assert values[f"fanout_{backend}_lost"] == 0
        assert values[f"fanout_{backend}_duplicated"] == 0
        assert values[f"fanout_{backend}_rows_sent"] == 100
        assert values[f"fanout_{backend}_throughput"] > 0
    assert values["fanout"] == min(values[f"fanout_{b}_throughput"] for b in backends)
