"""The date-poll "closing soon" nudge and the features' sections in the weekly digest,
driven through HTTP and the real scheduler with a controllable clock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    click,
    clocked_bot,
    execute,
    install_team,
    posted_cards,
    say,
    submit_data,
)
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, User

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


async def _reminder_card(bot: ClockedBot, user: User) -> dict[str, Any]:
    async with bot.sessions() as session:
        row = await session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.kind == "poll_closing_soon",
                OutboxMessage.user_aad_id == user.aad_object_id,
            )
        )
    assert row is not None and row.card is not None
    assert "Svara här nedan" in (row.text or "")
    return dict(row.card)


async def _channel_card_updates(bot: ClockedBot) -> list[OutboxMessage]:
    async with bot.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == "poll_card")
        return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


async def test_the_closing_soon_reminder_carries_the_answer_buttons(bot: ClockedBot) -> None:
    """The member answers from the reminder in the personal chat: the answer is stored as
    from the channel's card, the reminder becomes their own view, the channel's card is
    redrawn through the outbox, and the nudge is withdrawn."""
    await say(bot, ANNA, PROPOSAL)
    (activity_id, _card), *_ = posted_cards(bot)
    bot.clock.advance(timedelta(days=3))
    await bot.scheduler.run_now("dialogs.polls.digest:enqueue_closing_soon")
    reminder = await _reminder_card(bot, MALIN)
    assert len(json.dumps(reminder).encode()) < 28_000
    yes = submit_data(reminder, "Ja", near=MARCH)
    assert yes["action"] == "poll_answer"
    bot.connector.clear()

    body = await execute(bot, MALIN, yes, "reminder-m", scope="personal")
    assert body["type"] == "application/vnd.microsoft.card.adaptive", body
    own = card_text(body["value"])
    assert "Ditt svar: Ja" in own and "Stäng och välj datum" not in own
    assert bot.connector.calls == []  # nothing posted in the personal chat or the channel
    [update] = await _channel_card_updates(bot)
    assert update.update_activity_id == activity_id
    assert "Ja 1 · Om det behövs 0 · Nej 0" in card_text(update.card or {})
    assert (await _closing_soon_rows(bot))[MALIN.aad_object_id] == OutboxStatus.CANCELLED

    # An old client's Action.Submit: the reminder is replaced by the own view in place.
    await click(
        bot, MARIE, submit_data(reminder, "Nej", near=MARCH), "reminder-x", scope="personal"
    )
    [replaced] = bot.connector.updated_cards("reminder-x")
    assert "Ditt svar: Nej" in card_text(replaced)
    assert len(await _channel_card_updates(bot)) == 2

    # Someone in the tenant who is not a member of the group is refused; nothing stored.
    eve = User("Eva Utomstående", "11111111-aaaa-4bbb-8ccc-000000000099")
    refused = await execute(bot, eve, yes, "reminder-e", scope="personal")
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert len(await _channel_card_updates(bot)) == 2
