"""Meetings through HTTP: call one, RSVP with a substitute, the summary per organisation,
the attendance list as a card and a Markdown download."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.meetings.models import Meeting, MeetingResponse, RsvpStatus
from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    click,
    clocked_bot,
    install_team,
    posted_cards,
    say,
    show_card,
    submit_data,
    updated_cards,
)
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, KRISTIN, MALIN, MARIE

CALL = "möte 9 oktober kl 10-12 Hotell Malmköping"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _call(bot: ClockedBot, text: str = CALL) -> tuple[str, dict[str, Any]]:
    await say(bot, KRISTIN, text)
    (activity_id, card), *_ = posted_cards(bot)  # then the warning: 9/10 2027 is a Saturday
    bot.connector.clear()
    return activity_id, card


async def _answer_all(bot: ClockedBot, activity_id: str, card: dict[str, Any]) -> None:
    coming = submit_data(card, "Kommer")
    await click(bot, ANNA, {**coming, "comment": "Jag tar med statistiken"}, activity_id)
    substitute = submit_data(show_card(card, "Skickar ersättare"), "Skicka")
    await click(bot, MALIN, {**substitute, "substitute": "Per  Olsson", "comment": ""}, activity_id)
    await click(bot, KRISTIN, submit_data(card, "Kommer inte"), activity_id)


async def test_calling_a_meeting_posts_an_rsvp_card(bot: ClockedBot) -> None:
    _, card = await _call(bot)
    text = card_text(card)
    assert "Kallelse: Samverkansmöte" in text
    assert "När: lördagen den 9 oktober 2027 kl 10.00–12.00" in text
    assert "Var: Hotell Malmköping" in text
    assert "Representerade organisationer: inga än (av 3)" in text
    assert (
        "Inte svarat: Anna-Karin Hammar, Gabriel Billing, Kristin Wirén, Malin Palmér och "
        "Marie Skarfors" in text
    )
    assert [a["title"] for a in card["actions"]] == [
        "Kommer",
        "Kommer inte",
        "Skickar ersättare",
        "Lägg till punkt",
    ]
    async with bot.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None and meeting.rsvp_activity_id is not None
    assert meeting.location == "Hotell Malmköping"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("möte 32/10 kl 10", "dag 32 finns inte"),
        ("möte 9/10 och 10/10", "Ett möte har ett datum."),
        ("möte 1/11/2026 kl 10", "1/11 har redan varit."),
        ("möte 9/10 kl 10 Rum 121212-1212", "personnummer"),
    ],
)
async def test_bad_meeting_requests_are_explained(
    bot: ClockedBot, text: str, expected: str
) -> None:
    await say(bot, KRISTIN, text)
    [reply] = bot.connector.texts()
    assert expected in reply
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 0


async def test_rsvp_with_substitute_and_the_summary_per_organisation(bot: ClockedBot) -> None:
    activity_id, card = await _call(bot)
    await _answer_all(bot, activity_id, card)
    updates = updated_cards(bot, activity_id)
    assert len(updates) == 3 and posted_cards(bot) == []
    text = card_text(updates[-1])
    assert "Representerade organisationer (1 av 3): Gnesta kommun" in text
    assert "Kommer: Anna-Karin Hammar — Jag tar med statistiken" in text
    assert "Skickar ersättare: Malin Palmér (ersättare: Per Olsson)" in text
    assert "Kommer inte: Kristin Wirén" in text
    assert "Inte svarat: Gabriel Billing och Marie Skarfors" in text
    # Kristin changes her mind: one answer per person, the newest wins
    await click(bot, KRISTIN, submit_data(card, "Kommer"), activity_id)
    text = card_text(updated_cards(bot, activity_id)[-1])
    assert "Representerade organisationer (2 av 3): Gnesta kommun och Region Sörmland" in text
    async with bot.sessions() as session:
        responses = (await session.scalars(select(MeetingResponse))).all()
    assert sorted((r.status, r.substitute_name) for r in responses) == [
        (RsvpStatus.COMING, None),
        (RsvpStatus.COMING, None),
        (RsvpStatus.SUBSTITUTE, "Per Olsson"),
    ]


async def test_substitute_needs_a_name_and_free_text_is_guarded(bot: ClockedBot) -> None:
    activity_id, card = await _call(bot)
    substitute = submit_data(show_card(card, "Skickar ersättare"), "Skicka")
    await click(bot, MALIN, {**substitute, "substitute": "  "}, activity_id)
    await click(
        bot, MALIN, {**substitute, "substitute": "Per", "comment": "19121212-1212"}, activity_id
    )
    await click(bot, MALIN, {**substitute, "substitute": "x" * 121}, activity_id)
    texts = bot.connector.texts()
    assert texts[0] == "Skriv ersättarens namn, så att det kommer med i närvarolistan."
    assert "personnummer" in texts[1] and "1212" not in texts[1]
    assert texts[2].startswith("Den knappen går inte att använda längre")
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(MeetingResponse)) == 0


async def test_attendance_list_as_card_and_markdown(bot: ClockedBot) -> None:
    activity_id, card = await _call(bot)
    await _answer_all(bot, activity_id, card)
    bot.connector.clear()
    await say(bot, MARIE, "möte närvaro 9/10")
    [(_, attendance)] = posted_cards(bot)
    text = card_text(attendance)
    assert "Närvaro: Samverkansmöte, lördagen den 9 oktober kl 10.00" in text
    assert "Organisationer närvarande: 1 av 3" in text
    present, absent = text.split("Ej närvarande")
    assert "Gnesta kommun\nAnna-Karin Hammar, Per Olsson (ersättare för Malin Palmér)" in present
    assert "Gnesta kommun\nMalin Palmér (ersatt av Per Olsson)" in absent
    assert "Region Sörmland\nKristin Wirén (förhinder)" in absent
    assert "Trosa kommun\nMarie Skarfors (inget svar)" in absent
    assert "Utan angiven organisation\nGabriel Billing (inget svar)" in absent
    [link_text] = bot.connector.texts()
    assert "narvaro-2027-10-09.md" in link_text
    url = link_text.split("](")[1].split(")")[0]
    download = await bot.http.get(bot.url + url[url.index("/downloads/") :])
    assert download.status == 200
    markdown = (await download.read()).decode("utf-8")
    assert "## Närvarande" in markdown and "## Ej närvarande" in markdown
    assert (
        "- **Gnesta kommun**: Anna-Karin Hammar, Per Olsson (ersättare för Malin Palmér)"
        in markdown
    )
    assert "- **Trosa kommun**: Marie Skarfors (inget svar)" in markdown


async def test_attendance_without_meetings_and_on_a_day_without_one(bot: ClockedBot) -> None:
    await say(bot, ANNA, "möte närvaro")
    assert bot.connector.texts() == ["Det finns inget möte att visa närvaro för än."]
    bot.connector.clear()
    await _call(bot)
    await say(bot, ANNA, "möte närvaro 8/10")
    assert bot.connector.texts() == ["Jag hittar inget möte 8/10."]


async def test_meetings_list_and_english(bot: ClockedBot) -> None:
    await _call(bot)
    await say(bot, ANNA, "möten")
    [(_, listing)] = posted_cards(bot)
    assert "lördag 9/10 2027 kl 10.00–12.00, Hotell Malmköping — 0 kommer" in card_text(listing)
    bot.connector.clear()
    await say(bot, ANNA, "meeting 3/12 13-15 Town hall", locale="en-GB")
    [(_, card)] = posted_cards(bot)
    text = card_text(card)
    assert "Invitation: Collaboration meeting" in text
    assert "When: Thursday 3 December at 13:00–15:00" in text
    assert "Where: Town hall" in text
