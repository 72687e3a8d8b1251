"""RSVP reminders a week and a day before, on working days, only to the silent, once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from dialogs.meetings.reminders import reminder_points
from storage.meetings.models import Meeting
from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.bot.poll_meeting_support import (
    START,
    ClockedBot,
    click,
    clocked_bot,
    install_team,
    posted_cards,
    say,
    submit_data,
)
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE

JOB = "dialogs.meetings.reminders:send_rsvp_reminders"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


def _meeting(day: date) -> Meeting:
    return Meeting(
        starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        created_at=START,
    )


@pytest.mark.parametrize(
    ("meeting_day", "week", "day"),
    [
        # Monday 14/12: the Monday before and the Friday before, 08.00 Stockholm
        (
            date(2026, 12, 14),
            datetime(2026, 12, 7, 7, tzinfo=UTC),
            datetime(2026, 12, 11, 7, tzinfo=UTC),
        ),
        # Friday 8/1 2027: Trettondedag jul (6/1), Nyårsdagen and Nyårsafton are skipped
        (
            date(2027, 1, 8),
            datetime(2026, 12, 29, 7, tzinfo=UTC),
            datetime(2027, 1, 7, 7, tzinfo=UTC),
        ),
    ],
)
def test_reminder_points_fall_on_working_days(
    meeting_day: date, week: datetime, day: datetime
) -> None:
    points = reminder_points(_meeting(meeting_day))
    assert [(p.name, p.due_at) for p in points] == [("week", week), ("day", day)]


async def _rows(bot: ClockedBot) -> list[OutboxMessage]:
    async with bot.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == "meeting_rsvp_reminder")
        return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


async def test_reminders_go_to_those_who_have_not_answered(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "möte 14/12 kl 10-12 Stadshuset")
    [(activity_id, card)] = posted_cards(bot)
    await click(bot, ANNA, submit_data(card, "Kommer"), activity_id)
    await bot.scheduler.run_now(JOB)
    assert await _rows(bot) == []  # nothing is due yet
    bot.clock.now = datetime(2026, 12, 7, 7, 30, tzinfo=UTC)  # Monday, a week before
    await bot.scheduler.run_now(JOB)
    await bot.scheduler.run_now(JOB)  # a second tick adds nothing
    week = await _rows(bot)
    silent = {GABRIEL, KRISTIN, MALIN, MARIE}
    assert sorted(r.user_aad_id or "" for r in week) == sorted(u.aad_object_id for u in silent)
    assert all(r.key.endswith(":week") and r.fallback_conversation_pk for r in week)
    assert (
        week[0].text
        == "Påminnelse: svara om du kommer på Samverkansmöte, måndag 14/12 kl 10.00–12.00."
    )
    # answering withdraws the pending reminder
    await click(bot, MALIN, submit_data(card, "Kommer inte"), activity_id)
    [malin_week] = [r for r in await _rows(bot) if r.user_aad_id == MALIN.aad_object_id]
    assert malin_week.status == OutboxStatus.CANCELLED
    # the outbox delivers the others, each in the person's personal chat
    bot.connector.clear()
    await bot.scheduler.run_service_now("outbox")
    reminder = "Påminnelse: svara om du kommer på Samverkansmöte, måndag 14/12 kl 10.00–12.00."
    assert bot.connector.texts().count(reminder) == 3
    bot.clock.now = datetime(2026, 12, 11, 7, 30, tzinfo=UTC)  # Friday, the day before
    await bot.scheduler.run_now(JOB)
    rows = await _rows(bot)
    day = [r for r in rows if r.key.endswith(":day")]
    assert sorted(r.user_aad_id or "" for r in day) == sorted(
        u.aad_object_id for u in (GABRIEL, KRISTIN, MARIE)
    )
    assert bot.scheduler.failures == 0
