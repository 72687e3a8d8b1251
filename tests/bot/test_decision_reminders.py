"""Decision reminders: the real scheduler wrapper with a controlled clock queues outbox
rows for owners two working days before the due date and when overdue, once each, in
office hours; closing a decision withdraws what is still pending."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.scheduler import Scheduler
from storage.directory.models import Group
from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)
from tests.support.teams import ANNA, MALIN

JOB = "dialogs.decisions.reminders:run"


async def _rows(bot: DecisionBot) -> list[OutboxMessage]:
    async with bot.running.sessions() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        return list((await session.scalars(query)).all())


async def _tick(bot: DecisionBot, scheduler: Scheduler, at: datetime) -> list[OutboxMessage]:
    bot.clock.now = at
    await scheduler.run_now(JOB)
    assert scheduler.failures == 0
    return await _rows(bot)


async def test_owners_are_reminded_before_and_after_the_due_date(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast fredag 4/12")
    await dbot.say("beslut: Gabriel bokar lokal")  # no due date: never reminded
    scheduler = Scheduler(dbot.running.sessions, clock=dbot.clock)
    decision = (await dbot.decisions())[0]

    assert await _tick(dbot, scheduler, datetime(2026, 11, 23, 9, 0, tzinfo=UTC)) == []
    # Wednesday 2/12 is two working days before; 07.00 local is before office hours
    assert await _tick(dbot, scheduler, datetime(2026, 12, 2, 6, 0, tzinfo=UTC)) == []
    [soon] = await _tick(dbot, scheduler, datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    assert soon.key == f"decision:{decision.id}:due_soon:{ANNA.aad_object_id}"
    assert soon.kind == "decision_reminder_due_soon"
    assert soon.user_aad_id == ANNA.aad_object_id
    assert soon.due_at == datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # inside office hours
    async with dbot.running.sessions() as session:
        group = await session.get(Group, decision.group_id)
    assert group is not None and soon.fallback_conversation_pk == group.conversation_pk
    assert soon.text is not None
    assert soon.text.startswith(
        "Påminnelse: beslut B-2026-001 ska vara klart senast fredag 4/12: Anna-Karin tar fram"
    )
    # the same tick again, later the same day: nothing new
    assert len(await _tick(dbot, scheduler, datetime(2026, 12, 2, 14, 0, tzinfo=UTC))) == 1
    # Saturday after the due date: the overdue reminder waits for Monday 08.00
    rows = await _tick(dbot, scheduler, datetime(2026, 12, 5, 10, 0, tzinfo=UTC))
    assert len(rows) == 1
    rows = await _tick(dbot, scheduler, datetime(2026, 12, 7, 7, 30, tzinfo=UTC))
    assert [r.key.split(":")[2] for r in rows] == ["due_soon", "overdue"]
    assert rows[1].text is not None and rows[1].text.startswith(
        "Beslut B-2026-001 skulle ha varit klart fredag 4/12"
    )


async def test_reminders_outside_office_hours_wait_and_closing_cancels(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Malin sammanställer svaren senast fredag 4/12")
    card = dbot.last_card()
    scheduler = Scheduler(dbot.running.sessions, clock=dbot.clock)
    # 17.30 local on Wednesday 2/12: queued for 08.00 on Thursday
    [row] = await _tick(dbot, scheduler, datetime(2026, 12, 2, 16, 30, tzinfo=UTC))
    assert row.due_at == datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    assert row.status == OutboxStatus.PENDING
    await dbot.click(buttons(card)["Klar"], user=MALIN)
    [row] = await _rows(dbot)
    assert row.status == OutboxStatus.CANCELLED
    # a closed decision is not reminded when overdue either
    assert len(await _tick(dbot, scheduler, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))) == 1


async def test_decision_logged_late_gets_no_due_soon_reminder(dbot: DecisionBot) -> None:
    await install_team(dbot)
    dbot.clock.now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Thursday
    await dbot.say("beslut: Anna-Karin ringer regionen senast fredag 4/12")
    scheduler = Scheduler(dbot.running.sessions, clock=dbot.clock)
    assert await _tick(dbot, scheduler, datetime(2026, 12, 3, 10, 0, tzinfo=UTC)) == []
    [row] = await _tick(dbot, scheduler, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert row.kind == "decision_reminder_overdue"
