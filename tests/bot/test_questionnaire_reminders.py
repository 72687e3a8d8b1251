"""The reminder rule, driven through the real scheduler wrapper with the app's clock:
contacts three working days before the deadline, deputies one day before, both after
it, the channel's "Saknas: …", office hours, idempotent ticks, and cancellation when an
organisation answers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.outbox.models import OutboxStatus
from tests.bot.questionnaire_support import (
    HELENA,
    ISSUE_QUESTIONS,
    OMAR,
    QuestionnaireBot,
    button,
    click,
    execute,
    fill,
    install_group,
    outbox_rows,
    posted_cards,
    questionnaire_bot,
    say,
    texts_of,
)
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE

JOB = "dialogs.questionnaires.reminders:run"
# Deadline Wednesday 30/9: contacts Friday 25/9, deputies Tuesday 29/9, after it Thursday 1/10.
CONTACT_DAY = datetime(2026, 9, 25, 8, 30, tzinfo=UTC)  # 10.30 in Stockholm
DEPUTY_DAY = datetime(2026, 9, 29, 8, 30, tzinfo=UTC)
OVERDUE_DAY = datetime(2026, 10, 1, 8, 30, tzinfo=UTC)


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        yield running


async def _send(bot: QuestionnaireBot, questions: str = ISSUE_QUESTIONS) -> int:
    await say(bot, MARIE, f"enkät ny Deadline: 30/9\n{questions}")
    [(preview_id, preview)] = posted_cards(bot)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    bot.connector.clear()
    rows = await outbox_rows(bot)
    return int(rows[0].key.split(":")[1])


async def _tick(bot: QuestionnaireBot, at: datetime) -> None:
    bot.clock.now = at
    await bot.scheduler.run_now(JOB)
    assert bot.scheduler.failures == 0


async def _reminders(bot: QuestionnaireBot, stage: str) -> list[tuple[str | None, OutboxStatus]]:
    rows = await outbox_rows(bot)
    return sorted(
        (r.user_aad_id, r.status) for r in rows if r.kind == f"questionnaire_reminder_{stage}"
    )


async def test_contacts_then_deputies_then_overdue_and_channel_nudges(
    bot: QuestionnaireBot,
) -> None:
    number = await _send(bot)
    await say(bot, MARIE, "enkät ersättare Nyköpings kommun @Omar Haddad", mentions=(OMAR,))
    card = next(r.card for r in await outbox_rows(bot) if r.user_aad_id == ANNA.aad_object_id)
    await click(bot, ANNA, fill(card, "Skicka svar", ["a", "b", "c", "d"]), "p", scope="personal")

    await _tick(bot, datetime(2026, 9, 2, 8, 30, tzinfo=UTC))
    assert await _reminders(bot, "contact") == []
    # Friday 25/9 before office hours: nothing yet.
    await _tick(bot, datetime(2026, 9, 25, 4, 0, tzinfo=UTC))
    assert await _reminders(bot, "contact") == []
    await _tick(bot, CONTACT_DAY)
    await _tick(bot, CONTACT_DAY)  # a second tick (or a second instance) adds nothing
    pending = OutboxStatus.PENDING
    assert await _reminders(bot, "contact") == sorted(
        [
            (MALIN.aad_object_id, pending),
            (KRISTIN.aad_object_id, pending),
            (GABRIEL.aad_object_id, pending),
        ]
    )
    [nudge] = [r for r in await outbox_rows(bot) if r.kind == "questionnaire_nudge"]
    assert nudge.text == (
        f"Enkät {number} **Uppföljningsenkät**: 1 av 4 har svarat, sista svarsdag onsdag 30/9. "
        "Saknas: Nyköpings kommun, Region Sörmland och Trosa kommun."
    )
    assert nudge.due_at == CONTACT_DAY and nudge.user_aad_id is None

    # Helena answers for Trosa: Malin's pending reminder is withdrawn.
    await say(bot, HELENA, f"enkät svara {number}", scope="personal")
    [(_, helena_card)] = posted_cards(bot)
    await click(
        bot, HELENA, fill(helena_card, "Skicka svar", ["a", "b", "c", "d"]), "h", scope="personal"
    )
    assert (MALIN.aad_object_id, OutboxStatus.CANCELLED) in await _reminders(bot, "contact")

    await _tick(bot, DEPUTY_DAY)
    assert await _reminders(bot, "deputy") == [(OMAR.aad_object_id, pending)]  # Nyköping's
    deputy_row = next(
        r for r in await outbox_rows(bot) if r.kind == "questionnaire_reminder_deputy"
    )
    assert deputy_row.text is not None and "Du är ersättare för Nyköpings kommun" in deputy_row.text
    assert deputy_row.fallback_conversation_pk is not None

    await _tick(bot, OVERDUE_DAY)
    assert await _reminders(bot, "overdue") == sorted(
        [
            (KRISTIN.aad_object_id, pending),
            (OMAR.aad_object_id, pending),
            (GABRIEL.aad_object_id, pending),
        ]
    )
    nudges = [r for r in await outbox_rows(bot) if r.kind == "questionnaire_nudge"]
    assert len(nudges) == 2
    assert "Saknas: Nyköpings kommun och Region Sörmland." in (nudges[1].text or "")


async def test_daily_status_refresh_keeps_days_left_true(bot: QuestionnaireBot) -> None:
    await _send(bot)
    await _tick(bot, datetime(2026, 9, 10, 6, 0, tzinfo=UTC))
    await _tick(bot, datetime(2026, 9, 10, 12, 0, tzinfo=UTC))
    refreshes = [r for r in await outbox_rows(bot) if ":status:day:" in r.key]
    assert len(refreshes) == 1
    assert refreshes[0].update_activity_id is not None
    assert "20 dagar kvar" in str(refreshes[0].card)


async def test_no_reminders_for_a_closed_questionnaire(bot: QuestionnaireBot) -> None:
    number = await _send(bot)
    await say(bot, MARIE, f"enkät stäng {number}")
    assert bot.connector.texts()[-1] == f"Enkät {number} är stängd för fler svar."
    await _tick(bot, CONTACT_DAY)
    assert await _reminders(bot, "contact") == []


async def test_weekly_digest_names_the_organisations_still_missing(bot: QuestionnaireBot) -> None:
    import json

    from sqlalchemy import select

    from storage.outbox.models import OutboxMessage

    await _send(bot)
    bot.clock.now = datetime(2026, 9, 28, 6, 0, tzinfo=UTC)  # Monday 08.00 in Stockholm
    await bot.scheduler.run_now("dialogs.reminders.flows:weekly_digest")
    assert bot.scheduler.failures == 0
    async with bot.sessions() as session:
        digest = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.kind == "weekly_digest")
        )
    assert digest is not None
    text = json.dumps(digest.card, ensure_ascii=False)
    assert "Enkäter som väntar på svar" in text
    assert "(svar senast onsdag 30/9). Saknas:" in text
    assert "Nyköpings kommun" in text


def _inputs(card: dict[str, Any]) -> list[str]:
    return [str(b["id"]) for b in card["body"] if str(b.get("type", "")).startswith("Input.")]


async def test_a_reminder_of_a_long_questionnaire_carries_a_svara_button_that_opens_the_form(
    bot: QuestionnaireBot,
) -> None:
    """The person acts from the reminder: "Svara" (an Action.Execute) is answered with the
    form for them alone; the reminder does not carry the long form itself."""
    questions = "\n".join(f"Fråga {n} om arbetet med Barnets bästa?" for n in range(1, 9))
    await _send(bot, questions)
    await _tick(bot, CONTACT_DAY)
    row = next(
        r
        for r in await outbox_rows(bot)
        if r.kind == "questionnaire_reminder_contact" and r.user_aad_id == KRISTIN.aad_object_id
    )
    assert row.text is not None and "Nyköpings kommun har inte svarat" in row.text
    reminder = row.card
    assert _inputs(reminder) == []  # not the form
    assert len(json.dumps(reminder).encode()) < 28_000
    [svara] = reminder["actions"]
    assert svara["type"] == "Action.Execute" and svara["title"] == "Svara för min organisation"
    assert svara["fallback"]["type"] == "Action.Submit"
    bot.connector.clear()
    body = await execute(bot, KRISTIN, svara["data"], "reminder-1", scope="personal")
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    form = body["value"]
    assert len(_inputs(form)) == 5  # the form's first page of five questions
    assert "Svar för: Nyköpings kommun" in "\n".join(texts_of(form))
    assert bot.connector.calls == []
    # Another organisation's contact forwarded the payload: refused, and gets no form.
    refused = await execute(bot, ANNA, svara["data"], "reminder-1", scope="personal")
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert "Nyköpings kommun" in refused["value"]


async def test_a_reminder_of_a_short_questionnaire_is_the_form_itself(
    bot: QuestionnaireBot,
) -> None:
    await _send(bot)  # four questions: answered in the reminder, no extra click
    await _tick(bot, CONTACT_DAY)
    row = next(
        r
        for r in await outbox_rows(bot)
        if r.kind == "questionnaire_reminder_contact" and r.user_aad_id == KRISTIN.aad_object_id
    )
    assert len(_inputs(row.card)) == 4
    answered = fill(row.card, "Skicka svar", ["a", "b", "c", "d"])
    await click(bot, KRISTIN, answered, "reminder-2", scope="personal")
    assert (KRISTIN.aad_object_id, OutboxStatus.SENT) not in await _reminders(bot, "contact")
    [receipt] = bot.connector.updated_cards("reminder-2")
    assert "Tack! Svaret för Nyköpings kommun är inskickat." in "\n".join(texts_of(receipt))
