"""Data-subject requests reach the decision register: export finds a person's decisions
and status changes; pseudonymisation keeps the records, removes the identity, and the
full-text index follows the scrubbed text (SQLite triggers / PostgreSQL expression)."""

from __future__ import annotations

from storage import gdpr
from storage.db import unit_of_work
from storage.decisions.search import search_decisions
from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)
from tests.support.teams import ANNA, GABRIEL


async def test_export_and_pseudonymise_cover_decisions(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin Hammar tar fram en tidplan senast 4/12", user=ANNA)
    await dbot.click(buttons(dbot.last_card())["Påbörjad"], user=ANNA)
    await dbot.say("beslut: Gabriel bokar lokal")
    async with dbot.running.sessions() as session:
        exported = await gdpr.export_person(session, ANNA.aad_object_id)
    tables = exported["tables"]
    assert [d["number"] for d in tables["decisions"]] == [1]
    assert [e["to_status"] for e in tables["decision_events"]] == ["öppen", "pågår"]
    assert len(tables["decision_owners"]) == 1

    async with unit_of_work(dbot.running.sessions) as session:
        await gdpr.pseudonymise_person(session, ANNA.aad_object_id)
    decisions = await dbot.decisions()
    assert len(decisions) == 2  # the records stay
    assert decisions[0].text == f"{gdpr.PSEUDONYM_NAME} tar fram en tidplan senast 4/12"
    assert decisions[0].logged_by_aad_id != ANNA.aad_object_id
    assert decisions[1].logged_by_aad_id == GABRIEL.aad_object_id
    events = await dbot.events()
    assert ANNA.aad_object_id not in {e.actor_aad_id for e in events}
    async with dbot.running.sessions() as session:
        group_id = decisions[0].group_id
        gone = await search_decisions(session, group_id, "Hammar", 10, 0)
        found = await search_decisions(session, group_id, "pseudonymiserad", 10, 0)
    assert gone.decisions == []
    assert [d.number for d in found.decisions] == [1]
