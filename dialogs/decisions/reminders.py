"""The reminder rule for decisions, run by the scheduler (a RecurringJob).

For each open or in-progress decision with a due date, each owner gets, in office hours
on Swedish working days:

- two working days before the due date: "due soon" (skipped when the decision was
  logged that late: its owner has just heard of it);
- the first working day after the due date: "overdue".

A reminder whose moment has passed is replaced by the one that now applies: "due soon"
carries the overdue moment as its expiry (the dispatcher drops it unsent from then on,
even if it was queued before the bot went down), and is not queued at all once that
moment has come.

Each is an outbox row with the key decision:<id>:<occasion>:<owner AAD id>, so a tick
that runs twice never nudges twice. Delivery goes to the owner's personal chat, or to
the group's conversation with an @mention (added by the dispatcher) when the bot cannot
reach them there.
Closing a decision cancels its pending reminders (dialogs/decisions/register.py).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from cards.common import shorten
from cards.decisions.reminder_card import decision_reminder_card
from cards.i18n import language_for_locale, t
from cards.swedish_format import local, short_day
from dialogs.text.working_time import (
    next_office_time,
    next_working_day,
    office_start_utc,
    working_days_before,
)
from dialogs.turn import JobContext
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import Decision
from storage.directory import groups, membership
from storage.outbox import operations as outbox

log = logging.getLogger(__name__)

WORKING_DAYS_BEFORE = 2
# Past this many days after the due date the rule leaves a decision alone.
QUIET_AFTER_DAYS = 14
# Far enough ahead that "two working days before" is inside it across any holiday.
LOOK_AHEAD_DAYS = 14


def reminder_prefix(decision_id: int) -> str:
    return f"decision:{decision_id}:"


async def run(ctx: JobContext) -> None:
    today = local(ctx.now).date()
    candidates = await decisions.due_between(
        ctx.session,
        today - timedelta(days=QUIET_AFTER_DAYS),
        today + timedelta(days=LOOK_AHEAD_DAYS),
    )
    queued = 0
    for decision in candidates:
        queued += await remind(ctx.session, decision, ctx.now)
    if queued:
        log.info("decision reminders queued rows=%d", queued)


def occasions(decision: Decision) -> dict[str, datetime]:
    """Occasion -> the moment (UTC) from which its reminder is due."""
    assert decision.due is not None
    found: dict[str, datetime] = {}
    soon_day = working_days_before(decision.due, WORKING_DAYS_BEFORE)
    if soon_day > local(decision.created_at).date():
        found["due_soon"] = office_start_utc(soon_day)
    found["overdue"] = office_start_utc(next_working_day(decision.due))
    return found


def superseded_at(found: dict[str, datetime], occasion: str) -> datetime | None:
    """When the occasion after `occasion` starts: from then on a still-unsent `occasion`
    reminder is stale ("ska vara klart senast torsdag" after that Thursday)."""
    later = [start for name, start in found.items() if start > found[occasion]]
    return min(later) if later else None


async def remind(session: AsyncSession, decision: Decision, now: datetime) -> int:
    """Queue what is due for one decision; returns how many new rows."""
    if decision.due is None or not decision.owners:
        return 0
    conversation = await groups.group_conversation(session, decision.group_id)
    if conversation is None or not conversation.active:
        return 0
    language = language_for_locale(conversation.locale)
    # Imported here: register imports this module (closing a decision cancels reminders).
    from dialogs.decisions.register import view_of

    view = view_of(decision, local(now).date())
    queued = 0
    found = occasions(decision)
    due_at = next_office_time(now)
    for occasion, start in found.items():
        ends = superseded_at(found, occasion)
        if now < start or (ends is not None and due_at >= ends):
            # Not yet, or its moment passes before it could go (the bot was down, or it
            # is after hours on the last day): the later reminder applies, not this one.
            continue
        text = t(
            f"decisions.remind.{occasion}",
            language,
            reference=decision.reference,
            due=short_day(decision.due, language),
            text=shorten(decision.text, 300),
        )
        for owner in decision.owners:
            member = owner.member
            if not membership.may_be_contacted(member):
                continue
            queued += int(
                await outbox.enqueue(
                    session,
                    key=f"{reminder_prefix(decision.id)}{occasion}:{member.aad_object_id}",
                    tenant_id=decision.tenant_id,
                    kind=f"decision_reminder_{occasion}",
                    due_at=due_at,
                    user_aad_id=member.aad_object_id,
                    fallback_conversation_pk=conversation.id,
                    text=text,
                    card=decision_reminder_card(text, view, language),
                    group_id=decision.group_id,
                    subject=f"decision:{decision.id}",
                    expires_at=ends,
                )
            )
    return queued


async def cancel_reminders(session: AsyncSession, decision_id: int) -> int:
    return await outbox.cancel(session, key_prefix=reminder_prefix(decision_id))
