"""After `gdpr pseudonymise --user X --yes` the person is never contacted again and counts
nowhere as someone who should answer; their export names nobody else.

Anna-Karin has a nudge of every kind pending (poll closing soon, meeting RSVP,
questionnaire contact, decision due soon) when she is pseudonymised through the CLI.
Then every rule runs through the real scheduler, with the app's clock moved day by day
through the next week, and the outbox delivers through the loopback connector: nothing
is queued for her, nothing reaches her chat or mentions her, and the cards stop counting
her, while the others go on getting their nudges (so the rules did run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import gdpr
from storage.directory.membership import is_pseudonym
from storage.directory.models import Conversation, Member
from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.bot.poll_meeting_support import submit_data
from tests.bot.questionnaire_support import (
    ISSUE_QUESTIONS,
    OMAR,
    QuestionnaireBot,
    button,
    card_text,
    click,
    install_group,
    posted_cards,
    questionnaire_bot,
    say,
)
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE

RULES = (
    "dialogs.polls.digest:enqueue_closing_soon",
    "dialogs.meetings.reminders:send_rsvp_reminders",
    "dialogs.questionnaires.reminders:run",
    "dialogs.decisions.reminders:run",
    "dialogs.polls.flows:close_due_polls",
)
DIGEST = "dialogs.reminders.flows:weekly_digest"
# Friday 25/9 2026, 10.30 in Stockholm: the questionnaire's contacts (deadline 30/9), the
# poll's closing soon (29/9), the decision's due soon (29/9) and the meeting's "a week
# before" (Friday 2/10) are all due.
NUDGE_DAY = datetime(2026, 9, 25, 8, 30, tzinfo=UTC)
ANNAS_KINDS = {
    "poll_closing_soon",
    "meeting_rsvp_reminder",
    "questionnaire_reminder_contact",
    "decision_reminder_due_soon",
}


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        for user in (ANNA, MALIN):
            await running.post(
                teams.installation_update("personal", "add", user, running.connector.url)
            )
        running.connector.clear()
        yield running


async def _rows(bot: QuestionnaireBot) -> list[OutboxMessage]:
    async with bot.sessions() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def _run_rules(bot: QuestionnaireBot) -> None:
    for job in RULES:
        await bot.scheduler.run_now(job)
    if bot.clock.now.weekday() == 0:
        await bot.scheduler.run_now(DIGEST)
    assert bot.scheduler.failures == 0


def _pseudonymise_with_cli(database_url: str, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env["DATABASE_URL"] = database_url
    command = ["gdpr", "pseudonymise", "--yes", "--user", ANNA.aad_object_id]
    done = subprocess.run(
        [sys.executable, "-m", "bot", *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


# Poll cards say "Har inte svarat på alla datum: …", meeting cards "Inte svarat: …".
NOT_ANSWERED = ("Inte svarat", "Har inte svarat")


def _not_answered_line(card: dict[str, Any]) -> str:
    lines = [line for line in card_text(card).splitlines() if line.startswith(NOT_ANSWERED)]
    assert len(lines) == 1, card_text(card)
    return lines[0]


def _reaches_anna(call_body: Any, conversation_id: str | None) -> bool:
    text = json.dumps(call_body, ensure_ascii=False)
    return (
        conversation_id == teams.personal_conversation_id(ANNA)
        or ANNA.teams_id in text
        or ANNA.aad_object_id in text
        or ANNA.name in text
    )


async def test_a_pseudonymised_member_is_never_nudged_nor_counted(
    bot: QuestionnaireBot, database_url: str, tmp_path: Path
) -> None:
    # Tuesday 1/9: a questionnaire (Anna-Karin answers for Gnesta, Omar is her deputy),
    # a date poll, a meeting and a decision she owns with Gabriel.
    await say(bot, MARIE, f"enkät ny Deadline: 30/9\n{ISSUE_QUESTIONS}")
    [(preview_id, preview)] = posted_cards(bot)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    bot.connector.clear()
    await say(bot, GABRIEL, "föreslå datum Höstmöten: 12/10, 19/10 kl 9-12 svara senast 29/9")
    [(poll_id, poll_card)] = posted_cards(bot)
    assert "Anna-Karin Hammar" in _not_answered_line(poll_card)
    bot.connector.clear()
    await say(bot, KRISTIN, "möte 2/10 kl 10-12 Stadshuset")
    [(meeting_id, meeting_card)] = posted_cards(bot)
    assert "Anna-Karin Hammar" in _not_answered_line(meeting_card)
    decision = "beslut: Anna-Karin Hammar och Gabriel Billing tar fram en tidplan senast 29/9"
    await say(bot, GABRIEL, decision)
    await bot.scheduler.run_service_now("outbox")
    # Before: her personal chat is reachable (the questionnaire's invitation got there).
    assert bot.connector.sent(teams.personal_conversation_id(ANNA))

    bot.clock.now = NUDGE_DAY
    await _run_rules(bot)
    pending = {
        r.kind
        for r in await _rows(bot)
        if r.user_aad_id == ANNA.aad_object_id and r.status == OutboxStatus.PENDING
    }
    assert pending == ANNAS_KINDS

    _pseudonymise_with_cli(database_url, tmp_path)
    bot.connector.clear()

    async with bot.sessions() as session:
        [pseudonym] = (
            await session.scalars(select(Member).where(Member.name == gdpr.PSEUDONYM_NAME))
        ).all()
        chats = (await session.scalars(select(Conversation))).all()
    assert not pseudonym.active and is_pseudonym(pseudonym.aad_object_id)
    [annas_chat] = [c for c in chats if c.conversation_id == teams.personal_conversation_id(ANNA)]
    assert not annas_chat.active and annas_chat.user_aad_id is None

    # The cards no longer count her among those who should answer.
    await click(bot, KRISTIN, submit_data(poll_card, "Ja"), poll_id)
    await click(bot, MARIE, submit_data(meeting_card, "Kommer"), meeting_id)
    [poll_now] = bot.connector.updated_cards(poll_id)[-1:]
    [meeting_now] = bot.connector.updated_cards(meeting_id)[-1:]
    for card in (poll_now, meeting_now):
        line = _not_answered_line(card)
        assert "Anna-Karin" not in line and gdpr.PSEUDONYM_NAME not in line
        assert "Malin Palmér" in line  # still silent, still counted

    # Every rule, day by day through the next week, morning and afternoon, with the
    # outbox delivering in between.
    day = NUDGE_DAY
    while day < NUDGE_DAY + timedelta(days=9):
        for moment in (day, day + timedelta(hours=5)):
            bot.clock.now = moment
            await _run_rules(bot)
            await bot.scheduler.run_service_now("outbox")
        day += timedelta(days=1)

    rows = await _rows(bot)
    for row in rows:
        assert row.user_aad_id != ANNA.aad_object_id and not is_pseudonym(row.user_aad_id)
        assert not _reaches_anna([row.mentions, row.text, row.card], None), row.key
    calls = [c for c in bot.connector.calls if c.method in ("POST", "PUT")]
    assert calls
    assert [c.path for c in calls if _reaches_anna(c.body, c.conversation_id)] == []

    # The rules did run and the others were nudged: Omar as Gnesta's deputy (Tuesday
    # 29/9) and after the deadline, Gabriel for the decision they shared, Malin in her chat.
    sent = {(r.kind, r.user_aad_id) for r in rows if r.status == OutboxStatus.SENT}
    assert ("questionnaire_reminder_deputy", OMAR.aad_object_id) in sent
    assert ("questionnaire_reminder_overdue", OMAR.aad_object_id) in sent
    assert ("decision_reminder_overdue", GABRIEL.aad_object_id) in sent
    assert ("meeting_rsvp_reminder", MALIN.aad_object_id) in sent
    assert bot.connector.sent(teams.personal_conversation_id(MALIN))
    assert bot.scheduler.failures == 0

    # Her export names nobody else: Omar (her deputy) and Gabriel (co-owner) are masked.
    async with bot.sessions() as session:
        exported = await gdpr.export_person(session, pseudonym.aad_object_id)
    dumped = json.dumps(exported, ensure_ascii=False)
    for other in (OMAR, GABRIEL, MALIN, KRISTIN, MARIE):
        assert other.aad_object_id not in dumped and other.name not in dumped
