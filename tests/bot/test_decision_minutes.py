"""Importing decisions from pasted minutes, through HTTP: preview, corrections, confirm
once (and only once), PII refusal, and minutes without decisions."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from storage.decisions.models import DecisionImport, DecisionOwner, DecisionSource
from storage.directory.models import Member
from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)
from tests.support import teams
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE

MINUTES = Path("/work/shared/fixtures/minutes")
BGB = (MINUTES / "bgb-sodra-2022-01-24.txt").read_text(encoding="utf-8")
VASTMANLAND = (MINUTES / "samverkansgruppen-vastmanland-2021-05-21.txt").read_text(encoding="utf-8")


async def _member_id(bot: DecisionBot, name: str) -> int:
    async with bot.running.sessions() as session:
        member_id = await session.scalar(select(Member.id).where(Member.name == name))
    assert member_id is not None
    return member_id


async def _imports(bot: DecisionBot) -> list[DecisionImport]:
    async with bot.running.sessions() as session:
        return list((await session.scalars(select(DecisionImport))).all())


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


def _entry_buttons(card: dict[str, Any], index: int) -> dict[str, dict[str, Any]]:
    """The buttons inside entry `index` of the preview (title -> data)."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit" and node["data"].get("edit") == index:
                found[node["title"]] = node["data"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card["body"])
    return found


async def _preview(bot: DecisionBot, user: Any = KRISTIN) -> tuple[dict[str, Any], str]:
    await bot.say("protokoll", user=user)
    paste = bot.last_card()
    assert set(_inputs(paste)) == {"minutes"}
    await bot.click({**buttons(paste)["Läs protokollet"], "minutes": BGB}, user=user)
    preview = bot.last_card()
    preview_id = bot.connector.calls[-1].activity_id
    assert preview_id is not None
    return preview, preview_id


async def test_preview_lists_decisions_and_stores_nothing(dbot: DecisionBot) -> None:
    await install_team(dbot)
    preview, _ = await _preview(dbot)
    text = card_text(preview)
    assert "Beslut i protokollet" in text
    assert "Jag hittade 2 beslut" in text
    assert "Gabriel kontaktar respektive samordnare i VITS-grupperna för dialog" in text
    assert "3. VITS, kunskapsutbyte i södra. Gemensam satsning?" in text
    # proposed dates are offered as a command only
    assert "Skriv **föreslå datum 7/3, 21/4, 16/5** för att starta en omröstning." in text
    inputs = _inputs(preview)
    # A resolved owner is shown as text, with a button to change it: a 60-member picker
    # per entry would make the card too big for Teams.
    assert "owners_0" not in inputs
    assert f"Ansvarig: {GABRIEL.name}" in text
    assert "Ändra ansvarig" in _entry_buttons(preview, 0)
    assert inputs["include_0"]["value"] == "true"
    assert "due_0" in inputs and "value" not in inputs["due_0"]
    assert await dbot.decisions() == []
    [pending] = await _imports(dbot)
    assert pending.confirmed_at is None


async def test_a_resolved_owner_is_changed_on_the_redrawn_card(dbot: DecisionBot) -> None:
    await install_team(dbot)
    preview, preview_id = await _preview(dbot)
    change = _entry_buttons(preview, 0)["Ändra ansvarig"]
    # Teams sends the card's inputs with the button: what was entered survives the redraw.
    await dbot.click(
        {**change, **TASKS_UNTICKED, "due_1": "2027-05-04"}, reply_to_id=preview_id, user=KRISTIN
    )
    call = dbot.connector.calls[-1]
    assert call.method == "PUT" and call.activity_id == preview_id  # redrawn in place
    redrawn = call.body["attachments"][0]["content"]
    inputs = _inputs(redrawn)
    gabriel = await _member_id(dbot, GABRIEL.name)
    assert inputs["owners_0"]["value"] == str(gabriel)  # the picker, opened
    assert inputs["include_2"]["value"] == "false"
    assert inputs["due_1"]["value"] == "2027-05-04"
    assert await dbot.decisions() == []
    malin = await _member_id(dbot, MALIN.name)
    confirm = buttons(redrawn)["Spara markerade beslut"]
    await dbot.click(
        {**confirm, **TASKS_UNTICKED, "owners_0": str(malin)}, reply_to_id=preview_id, user=KRISTIN
    )
    first = min(await dbot.decisions(), key=lambda d: d.id)
    async with dbot.running.sessions() as session:
        owners = await session.scalars(
            select(DecisionOwner.member_id).where(DecisionOwner.decision_id == first.id)
        )
        assert list(owners) == [malin]
    # the redrawn card is the same pending import: confirming again stores nothing more
    await dbot.click({**confirm, **TASKS_UNTICKED}, reply_to_id=preview_id, user=KRISTIN)
    assert len(await dbot.decisions()) == 2


async def test_only_the_paster_may_redraw_the_preview(dbot: DecisionBot) -> None:
    await install_team(dbot)
    preview, preview_id = await _preview(dbot)
    change = _entry_buttons(preview, 0)["Ändra ansvarig"]
    before = len(dbot.connector.calls)
    await dbot.click(change, reply_to_id=preview_id, user=ANNA)
    assert "owners_0" not in _inputs(preview)
    assert all(call.method != "PUT" for call in dbot.connector.calls[before:])
    await dbot.click({**change, "edit": 99}, reply_to_id=preview_id, user=KRISTIN)
    assert all(call.method != "PUT" for call in dbot.connector.calls[before:])


# The BGB minutes give 2 decisions and 6 tasks (issue #14); these tests are about the
# decisions, so the tasks (entries 2-7) are left unticked.
TASKS_UNTICKED = {f"include_{index}": "false" for index in range(2, 8)}


async def test_confirm_with_corrections_stores_once(dbot: DecisionBot) -> None:
    await install_team(dbot)
    preview, preview_id = await _preview(dbot)
    malin = await _member_id(dbot, MALIN.name)
    anna = await _member_id(dbot, ANNA.name)
    confirm = {
        **buttons(preview)["Spara markerade beslut"],
        **TASKS_UNTICKED,
        "include_0": "true",
        "owners_0": str(await _member_id(dbot, GABRIEL.name)),
        "due_0": "2026-12-15",
        "include_1": "true",
        "owners_1": f"{malin},{anna}",
        "due_1": "",
    }
    dbot.connector.clear()
    # a double click: both submits at once, then a redelivery
    await asyncio.gather(
        dbot.click(confirm, reply_to_id=preview_id, user=KRISTIN),
        dbot.click(confirm, reply_to_id=preview_id, user=KRISTIN),
    )
    await dbot.click(confirm, reply_to_id=preview_id, user=KRISTIN)
    decisions = await dbot.decisions()
    # numbered by the meeting's year, carrying the meeting's date (issue #14)
    assert [(d.reference, d.due, d.source, d.meeting_date) for d in decisions] == [
        ("B-2022-001", date(2026, 12, 15), DecisionSource.MINUTES, date(2022, 1, 24)),
        ("B-2022-002", None, DecisionSource.MINUTES, date(2022, 1, 24)),
    ]
    assert decisions[0].item == "3. VITS, kunskapsutbyte i södra. Gemensam satsning?"
    async with dbot.running.sessions() as session:
        owners = (
            await session.execute(
                select(DecisionOwner.decision_id, Member.name)
                .join(Member, Member.id == DecisionOwner.member_id)
                .order_by(DecisionOwner.decision_id, Member.name)
            )
        ).all()
    assert [(d, n) for d, n in owners] == [
        (decisions[0].id, GABRIEL.name),
        (decisions[1].id, ANNA.name),
        (decisions[1].id, MALIN.name),
    ]
    # the preview was replaced in place by the list of what was saved
    saved = [u.body["attachments"][0]["content"] for u in dbot.connector.updates()]
    assert len(saved) == 1 and saved[0]["body"][0]["text"] == "2 beslut sparade från protokollet"
    assert (
        dbot.connector.texts().count(
            "De här besluten är redan sparade. Skriv **beslut lista** för att se dem."
        )
        == 2
    )
    [pending] = await _imports(dbot)
    assert pending.confirmed_at is not None and pending.payload == "{}"


async def test_unticked_decisions_are_left_out(dbot: DecisionBot) -> None:
    await install_team(dbot)
    preview, _ = await _preview(dbot)
    await dbot.click(
        {
            **buttons(preview)["Spara markerade beslut"],
            **TASKS_UNTICKED,
            "include_0": "false",
            "include_1": "true",
        },
        user=KRISTIN,
    )
    [decision] = await dbot.decisions()
    assert decision.text.startswith("Malin Palmér Andersson föreslås vara vår representant")


async def test_only_the_paster_chair_or_secretary_may_confirm(dbot: DecisionBot) -> None:
    await install_team(dbot)
    preview, _ = await _preview(dbot, user=ANNA)
    confirm = {**buttons(preview)["Spara markerade beslut"], **TASKS_UNTICKED}
    await dbot.click(confirm, user=MARIE)
    assert "sparas av den som klistrade in protokollet" in dbot.last_text()
    assert await dbot.decisions() == []
    await dbot.click(confirm, user=GABRIEL)  # the chair
    assert len(await dbot.decisions()) == 2


async def test_forged_confirmations_store_nothing(dbot: DecisionBot) -> None:
    await install_team(dbot)
    preview, _ = await _preview(dbot)
    token = buttons(preview)["Spara markerade beslut"]["import_id"]
    base = {"action": "decision_minutes_confirm", "import_id": token, **TASKS_UNTICKED}
    for forged in (
        {**base, "import_id": "not-a-real-token-0000"},
        {**base, "owners_0": "999999"},  # no member of this group
        {**base, "owners_99": "1"},  # an input the card does not have
        {**base, "due_0": "2026-13-01"},
    ):
        await dbot.click(forged, user=KRISTIN)
    # confirming from another group with this group's token
    await dbot.running.post(teams.card_submit("groupChat", base, KRISTIN, dbot.url))
    assert await dbot.decisions() == []
    texts = dbot.connector.texts()
    assert (
        texts.count(
            "Den förhandsvisningen finns inte längre. Skriv **protokoll** för att börja om."
        )
        == 2
    )
    assert "Jag sparade inget: en av de ansvariga är inte medlem i gruppen." in texts
    [pending] = await _imports(dbot)
    assert pending.confirmed_at is None  # a refused confirm leaves the import usable
    await dbot.click(base, user=KRISTIN)
    assert len(await dbot.decisions()) == 2


async def test_minutes_with_a_personal_number_are_refused_entirely(dbot: DecisionBot) -> None:
    await install_team(dbot)
    with_pnr = BGB.replace("Läggs till handlingarna", "Läggs till handlingarna, se 121212-1212")
    await dbot.click({"action": "decision_minutes_paste", "minutes": with_pnr}, user=KRISTIN)
    assert "personnummer" in dbot.last_text() and "1212" not in dbot.last_text()
    await dbot.say("protokoll Beslut: Gabriel ringer om 121212-1212 senast 1/12")
    assert "personnummer" in dbot.last_text()
    assert await _imports(dbot) == [] and await dbot.decisions() == []
    assert dbot.connector.cards() == []


async def test_minutes_without_decisions_say_so(dbot: DecisionBot) -> None:
    await install_team(dbot)
    narrative = (
        "Minnesanteckningar 2026-11-20\n\n1. Inledning\nOrdförande hälsar välkommen.\n\n"
        "2. Information\nMaria berättar om läget i länet. Gruppen diskuterar remisserna.\n"
    )
    await dbot.click({"action": "decision_minutes_paste", "minutes": narrative}, user=KRISTIN)
    assert dbot.last_text().startswith("Jag hittade inga beslut i texten.")
    await dbot.click({"action": "decision_minutes_paste", "minutes": "   "}, user=KRISTIN)
    assert "Klistra in protokollets text" in dbot.last_text()
    async with dbot.running.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(DecisionImport)) == 0


async def test_protokoll_with_text_in_the_message(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("protokoll Beslut: Gabriel kontaktar samordnarna senast 15/3", user=MALIN)
    preview = dbot.last_card()
    inputs = _inputs(preview)
    assert inputs["due_0"]["value"] == "2027-03-15"
    assert "owners_0" not in inputs
    assert f"Ansvarig: {GABRIEL.name}" in card_text(preview)
