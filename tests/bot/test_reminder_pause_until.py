"""`påminnelser paus till 7/1` through HTTP on both databases: the pause is stored with its
end, `påminnelser` shows it, the dispatcher drops nudges during it and sends them again
from that day without anyone resuming, and `återuppta` ends it at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.outbox.dispatcher import Dispatcher
from storage.db import unit_of_work
from storage.directory.models import Group
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxStatus
from storage.reminders.settings import group_settings
from tests.bot.poll_meeting_support import card_text, install_team
from tests.conftest import make_settings
from tests.support import teams
from tests.support.clocked_bot import ClockedBot, clocked_bot, say
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, TENANT

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10.00 in Stockholm
JAN_7 = datetime(2027, 1, 6, 23, 0, tzinfo=UTC)  # midnight starting 7/1 in Stockholm


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector, MONDAY) as running:
        await install_team(running)
        yield running


async def _reply(bot: ClockedBot, text: str, user: teams.User = GABRIEL) -> str:
    bot.connector.clear()
    await say(bot, user, text)
    [reply] = bot.connector.texts()
    return reply


async def _nudge(bot: ClockedBot, key: str, due: datetime) -> None:
    group_id = await _group_id(bot)
    async with unit_of_work(bot.sessions) as session:
        assert await outbox.enqueue(
            session,
            key=key,
            tenant_id=TENANT,
            kind="poll_closing_soon",
            due_at=due,
            user_aad_id=ANNA.aad_object_id,
            text="Datumförslaget stänger snart.",
            group_id=group_id,
        )


async def _group_id(bot: ClockedBot) -> int:
    async with bot.sessions() as session:
        group_id = await session.scalar(select(Group.id))
    assert group_id is not None
    return group_id


async def _status(bot: ClockedBot, key: str) -> OutboxStatus:
    async with bot.sessions() as session:
        row = await outbox.find(session, key)
    assert row is not None
    return row.status


async def test_pause_until_a_date_ends_by_itself(bot: ClockedBot, database_url: str) -> None:
    await say(bot, ANNA, "hjälp", scope="personal")  # Anna's personal chat is known
    assert (await _reply(bot, "påminnelser paus till 7/1")).startswith(
        "Gruppens påminnelser är pausade till torsdag 7/1."
    )
    async with bot.sessions() as session:
        settings = await group_settings(session, await _group_id(bot))
    assert settings.paused and settings.paused_until == JAN_7
    assert await _reply(bot, "påminnelser paus till 7/1") == (
        "Gruppens påminnelser är redan pausade till torsdag 7/1."
    )
    bot.connector.clear()
    await say(bot, GABRIEL, "påminnelser")
    [card] = bot.connector.cards()
    assert "Pausade till torsdag 7/1" in card_text(card)

    dispatcher = Dispatcher(make_settings(database_url), bot.sessions, bot.clock)
    try:
        await _nudge(bot, "during", datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
        await _nudge(bot, "after", datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
        bot.clock.now = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
        await dispatcher.run_once()
        assert await _status(bot, "during") == OutboxStatus.DROPPED
        assert await _status(bot, "after") == OutboxStatus.PENDING
        # 7/1 10.05: nobody resumed, the pause is over and the nudge goes.
        bot.clock.now = datetime(2027, 1, 7, 9, 5, tzinfo=UTC)
        assert await dispatcher.run_once() == 1
        assert await _status(bot, "after") == OutboxStatus.SENT
    finally:
        await dispatcher.close()
    bot.connector.clear()
    await say(bot, GABRIEL, "påminnelser")
    [card] = bot.connector.cards()
    assert "Pausade" not in card_text(card) and "Läge: På" in card_text(card)


async def test_pause_until_is_validated_and_resumed_at_once(bot: ClockedBot) -> None:
    assert "Bara gruppens ordförande" in await _reply(bot, "påminnelser paus till 7/1", ANNA)
    for bad in (
        "påminnelser paus till 20/11/2026",  # has been
        "påminnelser paus till 7/1/2029",  # more than a year
        "påminnelser paus till 7/1 och 8/1",
        "påminnelser paus till snart",
    ):
        assert (await _reply(bot, bad)).startswith(
            "Skriv vilken dag påminnelserna ska komma igång igen"
        ), bad
    async with bot.sessions() as session:
        assert not (await group_settings(session, await _group_id(bot))).paused
    await _reply(bot, "påminnelser paus till 7/1")
    assert await _reply(bot, "påminnelser återuppta") == "Gruppens påminnelser är på igen."
    async with bot.sessions() as session:
        settings = await group_settings(session, await _group_id(bot))
    assert not settings.paused and settings.paused_until is None
