"""Minutes into the register, through HTTP on both databases (issue #14): owners resolved
against the attendance and the members (a choice when a name fits several people, the
name as written when it fits nobody), tasks beside decisions, re-imports flagged and never
stored twice, numbering by the meeting's year, and Swedish inflections in search."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from dialogs.decisions import minutes_import
from dialogs.text.minutes import (
    ExtractedDeadline,
    ExtractedDecision,
    MinutesExtract,
    PersonMatch,
)
from storage.decisions.models import DecisionKind, DecisionOwner
from storage.directory.models import Member
from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
)
from tests.support import teams
from tests.support.teams import GABRIEL, KRISTIN, MARIE, TEAM_ID, USERS, User

BGB = Path("/work/shared/fixtures/minutes/bgb-sodra-2022-01-24.txt").read_text(encoding="utf-8")
MARIE_H = User("Marie Håkansson", "11111111-aaaa-4bbb-8ccc-000000000011")
MARIE_SKEPP = User("Marie Skeppstedt", "11111111-aaaa-4bbb-8ccc-000000000012")

# Three Maries attend; "Marie" is given the follow-up. Read by today's parser.
THREE_MARIES = """Minnesanteckningar 2022-01-24

Deltagare: Marie Håkansson, Marie Skarfors, Marie Skeppstedt, Lena Söderqvist Määttä

1. Hälsoundersökningar
Beslut: Marie stämmer av med Gnesta och Trosa om underlagen senast 7/2.

2. Samordnare
Beslut: Lena Söderqvist Määttä tar med frågan om samordnare till nämnden.
"""


async def _install(bot: DecisionBot) -> None:
    """The team with three Maries among its members; Kristin is the secretary."""
    bot.connector.members[TEAM_ID] = [u.member() for u in (*USERS, MARIE_H, MARIE_SKEPP)]
    await bot.running.post(teams.installation_update("channel", "add", GABRIEL, bot.url))
    await bot.say("roll Kristin Wirén sekreterare")
    bot.connector.clear()


async def _member_id(bot: DecisionBot, name: str) -> int:
    async with bot.running.sessions() as session:
        member_id = await session.scalar(select(Member.id).where(Member.name == name))
    assert member_id is not None
    return member_id


async def _owner_names(bot: DecisionBot, decision_id: int) -> list[str]:
    async with bot.running.sessions() as session:
        query = (
            select(Member.name)
            .join(DecisionOwner, DecisionOwner.member_id == Member.id)
            .where(DecisionOwner.decision_id == decision_id)
            .order_by(Member.name)
        )
        return list((await session.scalars(query)).all())


def _inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and node.get("type", "").startswith("Input."):
                found[node["id"]] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def _blocks_of_type(card: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == kind:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


async def _preview(bot: DecisionBot, minutes: str) -> dict[str, Any]:
    await bot.click({"action": "decision_minutes_paste", "minutes": minutes}, user=KRISTIN)
    return bot.last_card()


async def test_three_maries_are_a_choice_and_the_chosen_one_is_stored(dbot: DecisionBot) -> None:
    await _install(dbot)
    preview = await _preview(dbot, THREE_MARIES)
    inputs = _inputs(preview)
    choice = inputs["who_0_0"]
    # a required choice, nobody preselected, and nobody put among the owners silently
    assert choice["type"] == "Input.ChoiceSet" and choice["isRequired"] is True
    assert choice["errorMessage"] and "value" not in choice
    assert choice["label"] == "Vem menas med ”Marie”?"
    titles = [c["title"] for c in choice["choices"]]
    assert titles == [
        "Marie Håkansson",
        "Marie Skarfors",
        "Marie Skeppstedt",
        "Låt stå ”Marie” som det är skrivet",
    ]
    assert inputs["owners_0"]["value"] == ""
    assert not _blocks_of_type(preview, "ColumnSet")  # phones: nothing squeezed into columns
    await dbot.click({**buttons(preview)["Spara markerade beslut"], "who_0_0": "0"}, user=KRISTIN)
    first, second = await dbot.decisions()
    assert await _owner_names(dbot, first.id) == [MARIE_H.name]
    assert first.owner_text is None
    assert second.owner_text == "Lena Söderqvist Määttä"


async def test_an_unchosen_name_is_kept_as_written(dbot: DecisionBot) -> None:
    await _install(dbot)
    preview = await _preview(dbot, THREE_MARIES)
    confirm = {**buttons(preview)["Spara markerade beslut"], "who_0_0": "w", "include_1": "false"}
    await dbot.click(confirm, user=KRISTIN)
    [decision] = await dbot.decisions()
    assert await _owner_names(dbot, decision.id) == [] and decision.owner_text == "Marie"


async def test_a_choice_the_card_did_not_offer_stores_nothing(dbot: DecisionBot) -> None:
    await _install(dbot)
    preview = await _preview(dbot, THREE_MARIES)
    await dbot.click({**buttons(preview)["Spara markerade beslut"], "who_0_0": "7"}, user=KRISTIN)
    assert "inte medlem i gruppen" in dbot.last_text()
    assert await dbot.decisions() == []


async def test_an_unknown_person_is_stored_and_shown_as_written(dbot: DecisionBot) -> None:
    await _install(dbot)
    preview = await _preview(dbot, THREE_MARIES)
    assert "Ansvarig enligt protokollet: Lena Söderqvist Määttä" in card_text(preview)
    await dbot.click({**buttons(preview)["Spara markerade beslut"], "who_0_0": "1"}, user=KRISTIN)
    saved = card_text(dbot.connector.updates()[-1].body["attachments"][0]["content"])
    assert "Lena Söderqvist Määttä" in saved
    dbot.connector.clear()
    await dbot.say("beslut lista")
    listed = card_text(dbot.last_card())
    assert "Ansvarig: Lena Söderqvist Määttä" in listed
    assert f"Ansvarig: {MARIE.name}" in listed
    assert "Ingen angiven" not in listed


async def test_importing_the_same_minutes_twice_stores_nothing_the_second_time(
    dbot: DecisionBot,
) -> None:
    await _install(dbot)
    first = await _preview(dbot, BGB)
    # a second preview of the same minutes, taken before the first is confirmed
    early_twin = await _preview(dbot, BGB)
    await dbot.click(buttons(first)["Spara markerade beslut"], user=KRISTIN)
    stored = await dbot.decisions()
    # 2022 minutes: numbered in 2022 and carrying the meeting's date; 2 decisions, 6 tasks
    assert [d.reference for d in stored] == [f"B-2022-{n:03d}" for n in range(1, 9)]
    assert {d.meeting_date for d in stored} == {date(2022, 1, 24)}

    again = await _preview(dbot, BGB)
    text = card_text(again)
    assert "Finns redan i registret som B-2022-001. Sparas inte igen." in text
    assert "Finns redan i registret som B-2022-002. Sparas inte igen." in text
    assert "Allt här finns redan i registret." in text
    assert "Spara markerade beslut" not in buttons(again)
    assert not any(i.startswith("include_") for i in _inputs(again))
    # the early twin was drawn before anything was stored: storage refuses the twins
    await dbot.click(buttons(early_twin)["Spara markerade beslut"], user=KRISTIN)
    assert [d.reference for d in await dbot.decisions()] == [f"B-2022-{n:03d}" for n in range(1, 9)]

    # a decision logged today is numbered in today's year, from 1
    await dbot.say("beslut: Gabriel bokar lokal")
    assert (await dbot.decisions())[-1].reference == "B-2026-001"


async def test_two_previews_confirmed_at_once_store_once(dbot: DecisionBot) -> None:
    await _install(dbot)
    one = await _preview(dbot, BGB)
    two = await _preview(dbot, BGB)
    await asyncio.gather(
        dbot.click(buttons(one)["Spara markerade beslut"], user=KRISTIN),
        dbot.click(buttons(two)["Spara markerade beslut"], user=GABRIEL),
    )
    assert sorted(d.reference for d in await dbot.decisions()) == [
        f"B-2022-{n:03d}" for n in range(1, 9)
    ]


def _contract_extract(text: str, *, today: date, known_people: Any) -> MinutesExtract:
    """What the parser is to give for minutes with tasks (the contract of issue #14)."""
    maries = ("Marie Skarfors", "Marie Håkansson", "Marie Skeppstedt")
    return MinutesExtract(
        meeting_date=date(2022, 1, 24),
        place=None,
        present=("Gabriel Billing", *maries),
        absent=(),
        agenda_items=(),
        decisions=(
            ExtractedDecision(
                item="3. VITS",
                text="Gabriel kontaktar respektive samordnare i VITS-grupperna för dialog",
                owners=("Gabriel Billing",),
                due=None,
                people=(PersonMatch("Gabriel Billing", ("Gabriel Billing",)),),
            ),
        ),
        deadlines=(
            ExtractedDeadline("Svar ska ha inkommit senast måndag 7/2", date(2022, 2, 7)),
            ExtractedDeadline("Redovisning till nämnden senast 15/3", date(2022, 3, 15)),
        ),
        proposed_dates=(),
        next_meeting=None,
        actions=(
            ExtractedDecision(
                item="5. Hälsoundersökningar",
                text="Marie stämmer av med Gnesta och Trosa om underlagen",
                owners=("Marie",),
                due=None,
                people=(PersonMatch("Marie", maries),),
            ),
            ExtractedDecision(
                item="6. Årsberättelsen",
                text="Samtliga ser över årsberättelsen. Svar ska ha inkommit senast måndag 7/2",
                owners=("Samtliga",),
                due=date(2022, 2, 7),
                people=(PersonMatch("Samtliga", ()),),
            ),
        ),
        missing_reports=("Gnesta", "Trosa", "Nyköping"),
        signer="Marie Håkansson",
    )


async def test_preview_shows_tasks_deadlines_missing_reports_and_signer_first(
    dbot: DecisionBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(minutes_import, "extract_minutes", _contract_extract)
    await _install(dbot)
    preview = await _preview(dbot, "Minnesanteckningar (what the parser read is stubbed)")
    text = card_text(preview)
    assert "Jag hittade 1 beslut och 2 uppgifter." in text
    assert "Uppgifter" in text and "5. Hälsoundersökningar" in text
    assert "Saknas underlag från: Gnesta, Trosa och Nyköping" in text
    # the task's deadline is shown with it; the other one on its own
    assert "Senast måndag 7/2 2022" in text
    assert "tisdag 15/3 2022: Redovisning till nämnden senast 15/3" in text
    assert "Ansvarig enligt protokollet: Samtliga" in text
    titles = [c["title"] for c in _inputs(preview)["who_1_0"]["choices"]]
    assert titles[0] == "Marie Håkansson (skrev under protokollet)"
    assert titles[1:3] == ["Marie Skarfors", "Marie Skeppstedt"]
    assert _inputs(preview)["include_2"]["title"] == "Spara den här uppgiften"
    confirm = {**buttons(preview)["Spara markerade beslut"], "who_1_0": "0"}
    await dbot.click(confirm, user=KRISTIN)
    await dbot.click(confirm, user=KRISTIN)  # a redelivery
    stored = await dbot.decisions()
    assert [(d.reference, d.kind, d.owner_text, d.due) for d in stored] == [
        ("B-2022-001", DecisionKind.DECISION, None, None),
        ("B-2022-002", DecisionKind.TASK, None, None),
        ("B-2022-003", DecisionKind.TASK, "Samtliga", date(2022, 2, 7)),
    ]
    assert await _owner_names(dbot, stored[0].id) == [GABRIEL.name]
    assert await _owner_names(dbot, stored[1].id) == [MARIE_H.name]
    # a task's own card says it is a task, and from which meeting
    await dbot.click({"action": "decision_show", "decision_id": stored[2].id})
    shown = card_text(dbot.last_card())
    assert "Uppgift" in shown and "måndag 24/1 2022" in shown and "Samtliga" in shown


async def test_search_finds_swedish_inflections(dbot: DecisionBot) -> None:
    await _install(dbot)
    await dbot.say("beslut: Gabriel kontaktar respektive samordnare i VITS-grupperna")
    await dbot.say("beslut: Malin bokar lokal till nästa möte")
    dbot.connector.clear()
    await dbot.say("beslut sök samordnarna")
    found = card_text(dbot.last_card())
    assert "Gabriel kontaktar respektive samordnare" in found and "bokar lokal" not in found
    await dbot.say("beslut sök lokalen")
    assert "Malin bokar lokal" in card_text(dbot.last_card())
    async with dbot.running.sessions() as session:
        if session.get_bind().dialect.name == "postgresql":
            # the stored document is built with the Swedish configuration
            expression = await session.scalar(
                text(
                    "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                    "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                    "WHERE d.adrelid = 'decisions'::regclass AND a.attname = 'search_document'"
                )
            )
            assert "'swedish'::regconfig" in str(expression)
