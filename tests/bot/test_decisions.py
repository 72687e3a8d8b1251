"""Decision register through HTTP: logging by text, owners and due dates, the card and
its status buttons (authorised, idempotent, updated in place), numbering under load."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import select

from storage.decisions.models import DecisionOwner, DecisionStatus
from storage.directory.models import Member
from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    facts_of,
    install_team,
)
from tests.support import teams
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, TEAM_ID, User


async def _owner_names(bot: DecisionBot, decision_id: int) -> list[str]:
    async with bot.running.sessions() as session:
        query = (
            select(Member.name)
            .join(DecisionOwner, DecisionOwner.member_id == Member.id)
            .where(DecisionOwner.decision_id == decision_id)
            .order_by(Member.name)
        )
        return list((await session.scalars(query)).all())


async def test_log_by_text_posts_a_numbered_card_with_owner_and_due(dbot: DecisionBot) -> None:
    await install_team(dbot)
    response = await dbot.say("beslut: Gabriel kontaktar samordnarna i VITS-grupperna senast 15/3")
    assert response.status == 201
    card = dbot.last_card()
    assert card["body"][0]["text"] == "Beslut B-2026-001"
    assert card["body"][1]["text"] == "Gabriel kontaktar samordnarna i VITS-grupperna senast 15/3"
    facts = facts_of(card)
    assert facts["Ansvarig"] == "Gabriel Billing"
    assert facts["Klart senast"] == "måndag 15/3 2027"
    assert facts["Status"] == "öppen"
    assert facts["Loggat"] == "måndag 23/11 kl 10.00 av Gabriel Billing"
    assert set(buttons(card)) == {"Påbörjad", "Klar", "Inaktuell"}
    [decision] = await dbot.decisions()
    assert (decision.year, decision.number, decision.due) == (2026, 1, date(2027, 3, 15))
    assert decision.logged_by_aad_id == GABRIEL.aad_object_id
    # the bot remembers which message holds the card
    assert decision.card_activity_id == dbot.connector.calls[-1].activity_id
    [event] = await dbot.events()
    assert (event.from_status, event.to_status, event.actor_aad_id) == (
        None,
        DecisionStatus.OPEN,
        GABRIEL.aad_object_id,
    )


@pytest.mark.parametrize(
    ("text", "owners", "due"),
    [
        ("beslut Gabriel kontaktar samordnarna till 1 december", ["Gabriel Billing"], "2026-12-01"),
        (
            "beslut: Anna-Karin och Malin Palmér tar fram ett underlag innan 20/12",
            ["Anna-Karin Hammar", "Malin Palmér"],
            "2026-12-20",
        ),
        (
            "beslut: Processledarna sammanställer svaren senast fredag 4/12",
            ["Malin Palmér"],
            "2026-12-04",
        ),
        ("beslut: Ordförande bjuder in regionen", ["Gabriel Billing"], None),
        (
            "beslut: Sekreteraren skickar ut protokollet senast 30/11",
            ["Kristin Wirén"],
            "2026-11-30",
        ),
        ("beslut: Malin Palmér föreslås vara vår representant", [], None),
        ("beslut: Gnesta kommun tar fram rutinen", [], None),
        ("decision: Kristin contacts the coordinators by 15/1", ["Kristin Wirén"], "2027-01-15"),
    ],
)
async def test_owner_and_due_recognition(
    dbot: DecisionBot, text: str, owners: list[str], due: str | None
) -> None:
    await install_team(dbot)
    await dbot.say(text)
    [decision] = await dbot.decisions()
    assert await _owner_names(dbot, decision.id) == owners
    assert decision.due == (date.fromisoformat(due) if due else None)


async def test_ambiguous_first_name_gives_no_owner(dbot: DecisionBot) -> None:
    await install_team(dbot)
    other_malin = User("Malin Svensson", "11111111-aaaa-4bbb-8ccc-000000000009")
    await dbot.say("organisation Trosa kommun", user=other_malin)  # joins the group
    await dbot.say("beslut: Malin ringer regionen senast 10/12")
    [decision] = await dbot.decisions()
    assert await _owner_names(dbot, decision.id) == []
    assert facts_of(dbot.last_card())["Ansvarig"] == "Ingen angiven"


async def test_role_nobody_holds_is_kept_as_text(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("roll Kristin Wirén ledamot")
    await dbot.say("beslut: Sekreteraren skickar ut kallelsen")
    [decision] = await dbot.decisions()
    assert await _owner_names(dbot, decision.id) == []
    assert decision.owner_text == "Sekreteraren"
    assert facts_of(dbot.last_card())["Ansvarig"] == "Sekreteraren"


async def test_english_locale_gets_an_english_card(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("decision: Gabriel books the room by 15/1", locale="en-GB")
    card = dbot.last_card()
    assert card["body"][0]["text"] == "Decision B-2026-001"
    facts = facts_of(card)
    assert facts["Due"] == "Friday 15 January 2027"
    assert facts["Status"] == "open"
    assert set(buttons(card)) == {"Started", "Done", "Obsolete"}


async def test_bad_input_is_explained_and_stores_nothing(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut")
    assert "Skriv beslutet efter ordet **beslut**" in dbot.last_text()
    await dbot.say("beslut: Gabriel bokar lokal senast 30/2")
    assert dbot.last_text() == (
        "Jag sparade inget: ”30/2” är inget datum: februari har högst 29 dagar."
    )
    await dbot.say("beslut: " + "x" * 2001)
    assert "högst 2000 tecken" in dbot.last_text()
    await dbot.say("beslut: Följ upp barnet 121212-1212 senast 1/12")
    assert "personnummer" in dbot.last_text() and "1212" not in dbot.last_text()
    await dbot.say("beslut: Gabriel ringer", scope="personal")
    assert "Beslut loggas i gruppens kanal" in dbot.last_text()
    assert await dbot.decisions() == []
    assert dbot.connector.cards() == []


async def test_owner_changes_status_and_card_updates_in_place(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast 4/12")
    card = dbot.last_card()
    card_id = dbot.connector.calls[-1].activity_id
    assert card_id is not None
    dbot.connector.clear()
    await dbot.click(buttons(card)["Påbörjad"], user=ANNA, reply_to_id=card_id)
    [update] = dbot.connector.updates()
    assert update.activity_id == card_id and update.path.endswith(f"/activities/{card_id}")
    updated = update.body["attachments"][0]["content"]
    assert facts_of(updated)["Status"] == "påbörjad"
    assert "Anna-Karin Hammar ändrade status till påbörjad." in card_text(updated)
    assert set(buttons(updated)) == {"Klar", "Inaktuell", "Öppna igen"}
    assert dbot.connector.sent() == []  # nothing new posted, the card changed for everyone
    await dbot.click(buttons(updated)["Klar"], user=ANNA, reply_to_id=card_id)
    done = dbot.connector.updates()[-1].body["attachments"][0]["content"]
    assert facts_of(done)["Status"] == "klar"
    assert set(buttons(done)) == {"Öppna igen"}
    [decision] = await dbot.decisions()
    assert decision.status == DecisionStatus.DONE and decision.closed_at == dbot.clock.now
    events = await dbot.events()
    assert [(e.from_status, e.to_status, e.actor_aad_id, e.revision) for e in events] == [
        (None, DecisionStatus.OPEN, GABRIEL.aad_object_id, 0),
        (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS, ANNA.aad_object_id, 1),
        (DecisionStatus.IN_PROGRESS, DecisionStatus.DONE, ANNA.aad_object_id, 2),
    ]


async def test_chair_and_secretary_may_change_others_are_refused(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan")
    card = dbot.last_card()
    dbot.connector.clear()
    for outsider in (MARIE, MALIN):  # a member, and a process leader who is not the owner
        await dbot.click(buttons(card)["Klar"], user=outsider)
        assert "ändras av den som är ansvarig för det" in dbot.last_text()
    assert dbot.connector.updates() == []
    assert [e.to_status for e in await dbot.events()] == [DecisionStatus.OPEN]
    await dbot.click(buttons(card)["Påbörjad"], user=KRISTIN)  # the secretary
    after_secretary = dbot.connector.updates()[-1].body["attachments"][0]["content"]
    await dbot.click(buttons(after_secretary)["Inaktuell"], user=GABRIEL)  # the chair
    [decision] = await dbot.decisions()
    assert decision.status == DecisionStatus.OBSOLETE
    assert [e.actor_aad_id for e in await dbot.events()][1:] == [
        KRISTIN.aad_object_id,
        GABRIEL.aad_object_id,
    ]


async def test_replayed_and_double_clicked_submits_record_one_change(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel kontaktar samordnarna")
    [(card_id, card)] = dbot.connector.posted_cards()
    done = buttons(card)["Klar"]
    # a double click: two submits at once (from the card itself, so no other copy to redraw)
    await asyncio.gather(
        dbot.click(done, reply_to_id=card_id), dbot.click(done, reply_to_id=card_id)
    )
    # a redelivery later, after the decision went back and forth
    reopened = buttons(dbot.connector.updates()[-1].body["attachments"][0]["content"])
    await dbot.click(reopened["Öppna igen"], reply_to_id=card_id)
    await dbot.click(done, reply_to_id=card_id)
    events = await dbot.events()
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, DecisionStatus.OPEN),
        (DecisionStatus.OPEN, DecisionStatus.DONE),
        (DecisionStatus.DONE, DecisionStatus.OPEN),
    ]
    [decision] = await dbot.decisions()
    assert decision.status == DecisionStatus.OPEN and decision.revision == 2
    # every click was answered with the card as it really is, updated in place
    assert len(dbot.connector.updates()) == 4
    assert dbot.connector.texts() == [""]  # only the card of `beslut:`, no error message
    assert (
        facts_of(dbot.connector.updates()[-1].body["attachments"][0]["content"])["Status"]
        == "öppen"
    )


async def test_forged_status_payloads_change_nothing(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel kontaktar samordnarna")
    [decision] = await dbot.decisions()
    base = {
        "action": "decision_status",
        "decision_id": decision.id,
        "from_status": "öppen",
        "to_status": "klar",
        "revision": 0,
    }
    dbot.connector.clear()
    for forged in (
        {**base, "decision_id": decision.id + 1000},  # not a decision of this group
        {**base, "to_status": "raderad"},  # no such status
        {**base, "role": "ordförande"},  # an unknown field
        {**base, "revision": -1},
    ):
        await dbot.click(forged)
    # klar -> pågår is no transition the card offers: the card is just shown as it is
    await dbot.click({**base, "from_status": "klar", "to_status": "pågår"})
    assert [e.to_status for e in await dbot.events()] == [DecisionStatus.OPEN]
    texts = dbot.connector.texts()
    assert "Jag hittar inte det beslutet i den här gruppen." in texts
    assert (
        texts.count("Den knappen går inte att använda längre. Skriv **hjälp** för att börja om.")
        == 3
    )


async def test_decision_from_another_group_cannot_be_touched(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel kontaktar samordnarna")
    [decision] = await dbot.decisions()
    # the same people in a group chat: another group
    await dbot.say("beslut: Gabriel bokar lokal", scope="groupChat")
    dbot.connector.clear()
    value = {
        "action": "decision_status",
        "decision_id": decision.id,
        "from_status": "öppen",
        "to_status": "klar",
        "revision": 0,
    }
    await dbot.running.post(teams.card_submit("groupChat", value, GABRIEL, dbot.url))
    assert dbot.last_text() == "Jag hittar inte det beslutet i den här gruppen."
    numbers = [(d.group_id, d.reference) for d in await dbot.decisions()]
    assert numbers[0][1] == numbers[1][1] == "B-2026-001"  # numbered per group
    assert numbers[0][0] != numbers[1][0]


async def test_decisions_logged_at_the_same_moment_get_distinct_numbers(
    dbot: DecisionBot,
) -> None:
    await install_team(dbot)
    responses = await asyncio.gather(
        *(dbot.say(f"beslut: Gabriel följer upp punkt {i}") for i in range(12))
    )
    assert {r.status for r in responses} == {201}
    decisions = await dbot.decisions()
    assert sorted(d.number for d in decisions) == list(range(1, 13))
    assert len(dbot.connector.cards()) == 12


async def test_show_button_on_a_list_posts_the_card(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel kontaktar samordnarna")
    [decision] = await dbot.decisions()
    dbot.connector.clear()
    await dbot.click({"action": "decision_show", "decision_id": decision.id}, user=MARIE)
    assert dbot.last_card()["body"][0]["text"] == "Beslut B-2026-001"


async def test_members_are_known_from_the_roster(dbot: DecisionBot) -> None:
    # the owner recognition reads members from storage, filled at install from the roster
    await install_team(dbot)
    assert TEAM_ID in dbot.connector.members
    await dbot.say("beslut: Marie skickar inbjudan senast 2/12")
    [decision] = await dbot.decisions()
    assert await _owner_names(dbot, decision.id) == ["Marie Skarfors"]
