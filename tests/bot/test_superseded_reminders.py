"""A reminder whose moment passed while the bot was down is replaced by the one that now
applies: the "ska vara klart senast fredag 4/12" nudge still pending after that Friday
is dropped unsent ("superseded"), and only "skulle ha varit klart" goes out — whichever
runs first when the bot comes back, the outbox tick or the reminder rule. Through HTTP
with the app's own scheduler, dispatcher and a controllable clock, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.bot.decision_helpers import (
    DecisionBot,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)
from tests.support.clocked_bot import ClockedBot
from tests.support.teams import ANNA

JOB = "dialogs.decisions.reminders:run"
WEDNESDAY_0900 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # two working days before 4/12
MONDAY_0830 = datetime(2026, 12, 7, 7, 30, tzinfo=UTC)  # first working day after: overdue
SOON = "ska vara klart senast fredag 4/12"
OVERDUE = "skulle ha varit klart fredag 4/12"


async def rows(bot: DecisionBot) -> dict[str, OutboxMessage]:
    async with bot.running.sessions() as session:
        found = (await session.scalars(select(OutboxMessage))).all()
    return {row.key.split(":")[2]: row for row in found}


async def rule(bot: DecisionBot) -> None:
    running = bot.running
    assert isinstance(running, ClockedBot)
    await running.scheduler.run_now(JOB)
    assert running.scheduler.failures == 0


async def outbox_tick(bot: DecisionBot) -> None:
    running = bot.running
    assert isinstance(running, ClockedBot)
    await running.scheduler.run_service_now("outbox")
    assert running.scheduler.failures == 0


def reminder_texts(bot: DecisionBot) -> list[str]:
    return [text for text in bot.connector.texts() if "B-2026-001" in text]


@pytest.mark.parametrize("first", ["outbox", "rule"])
async def test_a_due_soon_nudge_left_over_from_downtime_is_superseded(
    dbot: DecisionBot, first: str
) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast fredag 4/12")
    dbot.clock.now = WEDNESDAY_0900
    await rule(dbot)
    soon = (await rows(dbot))["due_soon"]
    assert soon.status == OutboxStatus.PENDING and soon.user_aad_id == ANNA.aad_object_id
    assert soon.expires_at == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # overdue's moment

    # The bot was down from before Wednesday's send until Monday morning.
    dbot.clock.now = MONDAY_0830
    steps = [outbox_tick, rule, outbox_tick] if first == "outbox" else [rule, outbox_tick]
    for step in steps:
        await step(dbot)

    found = await rows(dbot)
    assert (found["due_soon"].status, found["due_soon"].last_error) in {
        (OutboxStatus.DROPPED, "superseded"),
        (OutboxStatus.CANCELLED, None),
    }
    assert found["overdue"].status == OutboxStatus.SENT
    texts = reminder_texts(dbot)
    assert len(texts) == 1 and OVERDUE in texts[0]
    assert not any(SOON in text for text in dbot.connector.texts())


async def test_a_rule_that_first_runs_after_the_due_date_queues_only_the_overdue_one(
    dbot: DecisionBot,
) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast fredag 4/12")
    dbot.clock.now = MONDAY_0830  # down all through the "due soon" days
    await rule(dbot)
    assert set(await rows(dbot)) == {"overdue"}
    await outbox_tick(dbot)
    texts = reminder_texts(dbot)
    assert len(texts) == 1 and OVERDUE in texts[0]


async def test_after_hours_on_the_last_day_the_due_soon_nudge_is_not_queued(
    dbot: DecisionBot,
) -> None:
    """Friday 4/12 at 18.00: the next office hour is Monday's, when it is overdue."""
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast fredag 4/12")
    dbot.clock.now = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    await rule(dbot)
    assert await rows(dbot) == {}


async def test_a_due_soon_nudge_sent_in_time_is_not_affected(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast fredag 4/12")
    dbot.clock.now = WEDNESDAY_0900
    await rule(dbot)
    await outbox_tick(dbot)
    assert any(SOON in text for text in reminder_texts(dbot))
    dbot.clock.now = MONDAY_0830
    await rule(dbot)
    await outbox_tick(dbot)
    texts = reminder_texts(dbot)
    assert len(texts) == 2 and SOON in texts[0] and OVERDUE in texts[1]
