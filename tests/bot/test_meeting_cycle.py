"""The meeting cycle through HTTP on both databases: a poll closes into a meeting whose
kallelse lists the agenda and the open decisions and tasks due by then; members add
points (`punkt: …` and the card's form), the organiser removes one, and every copy of
the kallelse is redrawn; bad points are refused and nothing is stored."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.meetings.models import AgendaItem, Meeting
from tests.bot.meeting_cycle_support import close_poll_on_march
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
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _agenda_titles(bot: ClockedBot) -> list[str]:
    async with bot.sessions() as session:
        return list(
            (await session.scalars(select(AgendaItem.title).order_by(AgendaItem.position))).all()
        )


async def test_a_closed_poll_gives_a_kallelse_with_agenda_and_open_items(
    bot: ClockedBot,
) -> None:
    await say(bot, GABRIEL, "beslut: Anna-Karin tar fram en tidplan senast 1/3")
    await say(bot, GABRIEL, "beslut: Malin sammanställer enkätsvaren")  # no due date
    await say(bot, GABRIEL, "beslut: Kristin bjuder in BUP senast 30/4")  # after the meeting
    bot.connector.clear()
    kallelse_id, kallelse = await close_poll_on_march(bot)
    text = card_text(kallelse)
    assert "När: tisdagen den 9 mars 2027 kl 09.00–12.00" in text
    assert "1. Föregående minnesanteckningar\n2. Uppföljning av beslut\n3. Övriga frågor" in text
    assert "Beslut och uppgifter att följa upp" in text
    assert (
        "- **B-2026-001** Anna-Karin tar fram en tidplan senast 1/3 — "
        "ansvarig Anna-Karin Hammar — senast måndag 1/3\n"
    ) in text
    assert "**B-2026-002** Malin sammanställer enkätsvaren — ansvarig Malin Palmér" in text
    assert "B-2026-003" not in text  # due after the meeting
    titles = [a["title"] for a in kallelse["actions"]]
    assert titles == ["Kommer", "Kommer inte", "Skickar ersättare", "Lägg till punkt"]

    # a point by text, one by the card's form
    await say(bot, MALIN, "punkt: Gemensam rutin för SIP")
    assert bot.connector.texts()[-1] == (
        "Punkt 3 på dagordningen till mötet tisdagen den 9 mars kl 09.00: Gemensam rutin för SIP"
    )
    form = show_card(kallelse, "Lägg till punkt")
    await click(
        bot, MARIE, {**submit_data(form, "Lägg till"), "title": "Lokaler  i höst"}, kallelse_id
    )
    redrawn = card_text(updated_cards(bot, kallelse_id)[-1])
    assert (
        "1. Föregående minnesanteckningar\n2. Uppföljning av beslut\n"
        "3. Gemensam rutin för SIP\n4. Lokaler i höst\n5. Övriga frågor"
    ) in redrawn

    # `kallelse` posts a copy; removing a point redraws both
    bot.connector.clear()
    await say(bot, KRISTIN, "kallelse")
    [(copy_id, copy)] = posted_cards(bot)
    assert "4. Lokaler i höst" in card_text(copy)
    await say(bot, MARIE, "punkt bort 3")  # not the organiser
    assert "Bara den som kallat till mötet" in bot.connector.texts()[-1]
    remove_form = show_card(copy, "Ta bort punkt")
    [choices] = remove_form["body"]
    [sip] = [c["value"] for c in choices["choices"] if "SIP" in c["title"]]
    bot.connector.clear()
    await click(bot, ANNA, {**submit_data(remove_form, "Ta bort"), "item": sip}, copy_id)
    assert bot.connector.texts() == [
        "Punkten är borttagen från dagordningen: Gemensam rutin för SIP"
    ]
    for activity_id in (copy_id, kallelse_id):
        assert "3. Lokaler i höst\n4. Övriga frågor" in card_text(
            updated_cards(bot, activity_id)[-1]
        )
    assert await _agenda_titles(bot) == ["Lokaler i höst"]


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("punkt:", "Skriv punkten efter kolonet"),
        ("punkt: " + "lång " * 60, "En punkt får vara högst 200 tecken"),
        ("punkt: Barnet 120315-1234 behöver stöd", "personnummer"),
    ],
)
async def test_bad_points_are_refused_and_nothing_is_stored(
    bot: ClockedBot, text: str, refusal: str
) -> None:
    await say(bot, MALIN, "punkt: Lokaler")
    assert "inget kommande möte" in bot.connector.texts()[-1]
    await close_poll_on_march(bot)
    await say(bot, MALIN, text)
    assert refusal in bot.connector.texts()[-1]
    assert await _agenda_titles(bot) == []
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 1


async def test_an_english_meeting_has_an_english_kallelse_and_agenda(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "meeting 9 December 10-12 Town hall", locale="en-GB")
    [(kallelse_id, kallelse)] = posted_cards(bot)
    text = card_text(kallelse)
    assert "When: Wednesday 9 December at 10:00–12:00" in text
    assert "1. Previous minutes\n2. Follow-up of decisions\n3. Any other business" in text
    assert "No open decisions or tasks." in text
    bot.connector.clear()
    await say(bot, MALIN, "item: Budget for the autumn", locale="en-GB")
    assert bot.connector.texts() == [
        "Point 3 on the agenda of the meeting on Wednesday 9 December at 10:00: "
        "Budget for the autumn"
    ]
    redrawn = card_text(updated_cards(bot, kallelse_id)[-1])
    assert "3. Budget for the autumn\n4. Any other business" in redrawn
