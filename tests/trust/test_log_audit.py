"""Logs carry ids and codes only (issue #9). Two guards: every log call in bot/, dialogs/
and storage/ passes a constant %-style format (so no f-string can smuggle a name into
the message), and the autouse fixture in tests/conftest.py fails a test whose log
records carry a display name or free text the test sent; here it is shown to work."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import RunningBot, sent_text_in
from tests.support import teams
from tests.support.teams import GABRIEL, TEAM_ID, USERS

ROOT = Path(__file__).resolve().parents[2]
LEVELS = {"debug", "info", "warning", "error", "exception", "critical"}


def _log_calls() -> list[tuple[str, ast.Call]]:
    found = []
    for layer in ("bot", "dialogs", "storage"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in LEVELS
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("log", "logger", "logging")
                ):
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def test_every_log_call_uses_a_constant_format() -> None:
    calls = _log_calls()
    assert len(calls) > 50  # the walk really finds the project's log calls
    offending = [
        where
        for where, call in calls
        if not call.args
        or not isinstance(call.args[0], ast.Constant)
        or not isinstance(call.args[0].value, str)
    ]
    assert offending == []


def test_the_detector_finds_a_name_or_sent_text_and_passes_ids() -> None:
    teams.remember_sent("beslut: Gabriel kontaktar samordnarna senast 15/3")
    assert sent_text_in(["bot.x: decision owner=Gabriel Billing"])
    assert sent_text_in(["dialogs.x: text=Gabriel kontaktar samordnarna senast 15/3"])
    assert sent_text_in(["dialogs.x: text=kontaktar samordnarna"]) == []  # fragments of 2 words
    assert sent_text_in([f"dialogs.x: group=3 member={GABRIEL.aad_object_id} status=klar"]) == []


async def test_a_flow_full_of_names_and_free_text_is_logged_and_nothing_leaks(
    bot: RunningBot, logs_carry_no_sent_text: object
) -> None:
    """The HTTP flow logs (so the autouse check above sees real records) and, when this
    test ends, none of them carries the names, organisation or decision text sent."""
    url = bot.connector.url
    bot.connector.members[TEAM_ID] = [u.member() for u in USERS]
    await bot.post(teams.installation_update("channel", "add", GABRIEL, url))
    await bot.post(teams.message("channel", "organisation Trosa kommun", GABRIEL, url))
    await bot.post(
        teams.message("channel", "beslut: Gabriel kontaktar samordnarna senast 15/3", GABRIEL, url)
    )
    lines = getattr(logs_carry_no_sent_text, "lines")  # noqa: B009
    assert any("install recorded" in line for line in lines)
    assert any("decision logged" in line for line in lines)
