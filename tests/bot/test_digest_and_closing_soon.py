"""The date-poll "closing soon" nudge and the features' sections in the weekly digest,
driven through HTTP and the real scheduler with a controllable clock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.bot.poll_meeting_support import (
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

PROPOSAL = "föreslå datum Vårens möten: 7/3, 21/4 och 16/5 kl 9-12"
MARCH = "söndag 7/3 2027 kl 09.00–12.00"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _closing_soon_rows(bot: ClockedBot) -> dict[str, OutboxStatus]:
    async with bot.sessions() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "poll_closing_soon")
            )
        ).all()
    return {row.key.rsplit(":", 1)[1]: row.status for row in rows}


async def test_members_who_have_not_answered_are_nudged_before_the_deadline(
    bot: ClockedBot,
) -> None:
    await say(bot, ANNA, PROPOSAL)  # Monday 23/11 09:00; deadline Monday 30/11 10:00
    (activity_id, card), *_ = posted_cards(bot)  # then the warning: 7/3 is a Sunday
    await click(bot, KRISTIN, submit_data(card, "Ja", near=MARCH), activity_id)
    job = "dialogs.polls.digest:enqueue_closing_soon"
    await bot.scheduler.run_now(job)
    assert await _closing_soon_rows(bot) == {}  # too early: more than 2 working days left
    bot.clock.advance(timedelta(days=3))  # Thursday 26/11 09:00
    await bot.scheduler.run_now(job)
    await bot.scheduler.run_now(job)  # a second tick adds nothing
    assert bot.scheduler.failures == 0
    # everyone but Kristin, who answered
    assert await _closing_soon_rows(bot) == {
        user.aad_object_id: OutboxStatus.PENDING for user in (ANNA, GABRIEL, MALIN, MARIE)
    }
    # answering withdraws the nudge
    await click(bot, GABRIEL, submit_data(card, "Nej", near=MARCH), activity_id)
    rows = await _closing_soon_rows(bot)
    assert rows[GABRIEL.aad_object_id] == OutboxStatus.CANCELLED
    assert rows[ANNA.aad_object_id] == OutboxStatus.PENDING


async def test_weekly_digest_lists_open_polls_decisions_due_and_missing_answers(
    bot: ClockedBot,
) -> None:
    await say(bot, ANNA, PROPOSAL)
    await say(bot, ANNA, "beslut: Gabriel kontaktar samordnarna senast 25/11")
    await say(bot, ANNA, "beslut: Kristin skickar ut underlaget senast 3/12")
    bot.clock.advance(timedelta(days=6))  # Sunday 29/11: one decision overdue, one due soon
    await bot.scheduler.run_now("dialogs.reminders.flows:weekly_digest")
    assert bot.scheduler.failures == 0
    async with bot.sessions() as session:
        digest = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.kind == "weekly_digest")
        )
    assert digest is not None and digest.card is not None
    text = json.dumps(digest.card, ensure_ascii=False)
    assert "Beslut att följa upp" in text
    assert "försenat (senast onsdag 25/11)" in text and "kontaktar samordnarna" in text
    assert "ska vara klart torsdag 3/12" in text and "skickar ut underlaget" in text
    assert "Öppna datumförslag" in text and "Vårens möten" in text
