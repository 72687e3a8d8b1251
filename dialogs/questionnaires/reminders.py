"""The reminder rule for open questionnaires, run by the scheduler (a RecurringJob).

For each organisation that has not answered, in office hours on Swedish working days:

- three working days before the deadline: its contact person (personal chat, or the
  channel with an @mention), and the channel gets "Saknas: Gnesta, Trosa, Nyköping";
- one working day before: its deputy;
- the first working day after the deadline: contact and deputy, and the channel again.

Every message is an outbox row with an idempotent key, so a tick that runs twice (or a
restart) never nudges twice; an answer cancels the organisation's pending reminders.
The status card is also refreshed once a day so "n dagar kvar" stays true.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from cards.i18n import language_for_locale, t
from cards.swedish_format import join_names, short_day
from dialogs.questionnaires.access import Snapshot, snapshot
from dialogs.questionnaires.dates import deadline_day, local_today
from dialogs.questionnaires.delivery import (
    enqueue_answer_card,
    enqueue_status_card,
    reminder_prefix,
    subject,
)
from dialogs.text.working_time import (
    next_office_time,
    next_working_day,
    office_start_utc,
    working_days_before,
)
from dialogs.turn import JobContext
from storage.db import AsyncSession
from storage.directory import membership
from storage.outbox import operations as outbox
from storage.questionnaires import operations as store
from storage.questionnaires.models import Questionnaire

log = logging.getLogger(__name__)


CONTACT_WORKING_DAYS_BEFORE = 3
DEPUTY_WORKING_DAYS_BEFORE = 1
# After this many days past the deadline the rule leaves the questionnaire alone.
QUIET_AFTER_DAYS = 14


async def run(ctx: JobContext) -> None:
    for questionnaire in await store.open_questionnaires(ctx.session):
        await remind(ctx.session, questionnaire, ctx.now)


def stage_days(deadline: date) -> dict[str, date]:
    return {
        "contact": working_days_before(deadline, CONTACT_WORKING_DAYS_BEFORE),
        "deputy": working_days_before(deadline, DEPUTY_WORKING_DAYS_BEFORE),
        "overdue": next_working_day(deadline),
    }


async def remind(session: AsyncSession, questionnaire: Questionnaire, now: datetime) -> int:
    """Queue what is due for one questionnaire; returns how many new rows."""
    today = local_today(now)
    deadline = deadline_day(questionnaire.deadline_at)
    if (today - deadline).days > QUIET_AFTER_DAYS:
        return 0
    snap = await snapshot(session, questionnaire, now)
    queued = await _refresh_status_daily(session, snap, today, now)
    sent_day = local_today(questionnaire.sent_at) if questionnaire.sent_at else today
    for stage, day in stage_days(deadline).items():
        # A stage that began before the questionnaire was sent would only repeat the
        # invitation; a stage whose day has not come waits for a later tick.
        if day <= sent_day or now < office_start_utc(day):
            continue
        due = next_office_time(now)
        queued += await _remind_targets(session, snap, stage, due)
        if stage in ("contact", "overdue"):
            queued += await _nudge_channel(session, snap, stage, due)
    if queued:
        log.info(
            "questionnaire reminders queued questionnaire=%s rows=%d", questionnaire.id, queued
        )
    return queued


async def _remind_targets(session: AsyncSession, snap: Snapshot, stage: str, due: datetime) -> int:
    questionnaire = snap.questionnaire
    queued = 0
    reachable = await membership.contactable_people(
        session,
        questionnaire.group_id,
        (a for t in questionnaire.targets for a in (t.contact_aad_id, t.deputy_aad_id)),
    )
    for target in questionnaire.targets:
        if snap.targets[target.id].answered:
            continue
        people = {
            "contact": [target.contact_aad_id],
            "deputy": [target.deputy_aad_id],
            "overdue": [target.contact_aad_id, target.deputy_aad_id],
        }[stage]
        for aad_id in people:
            if not aad_id or aad_id not in reachable:
                continue
            is_deputy = aad_id == target.deputy_aad_id and aad_id != target.contact_aad_id
            note = (
                "questionnaires.remind.overdue"
                if stage == "overdue"
                else "questionnaires.remind.deputy"
                if is_deputy
                else "questionnaires.remind.contact"
            )
            queued += await enqueue_answer_card(
                session,
                snap,
                target,
                aad_id,
                key=f"{reminder_prefix(questionnaire.id, target.id)}{stage}:{aad_id}",
                kind=f"questionnaire_reminder_{stage}",
                due_at=due,
                note_key=note,
                form=False,
            )
    return queued


async def _nudge_channel(session: AsyncSession, snap: Snapshot, stage: str, due: datetime) -> int:
    missing = [target.label for target in snap.view.targets if not target.answered]
    if not missing:
        return 0
    questionnaire = snap.questionnaire
    conversation = await store.group_conversation(session, questionnaire)
    language = language_for_locale(conversation.locale)
    text = t(
        "questionnaires.nudge.missing",
        language,
        number=questionnaire.id,
        title=questionnaire.title,
        answered=snap.view.answered_count,
        total=len(snap.view.targets),
        day=short_day(snap.view.deadline, language),
        missing=join_names(missing, language),
    )
    return int(
        await outbox.enqueue(
            session,
            key=f"questionnaire:{questionnaire.id}:nudge:{stage}",
            tenant_id=questionnaire.tenant_id,
            kind="questionnaire_nudge",
            due_at=due,
            conversation_pk=conversation.id,
            text=text,
            group_id=questionnaire.group_id,
            subject=subject(questionnaire.id),
        )
    )


async def _refresh_status_daily(
    session: AsyncSession, snap: Snapshot, today: date, now: datetime
) -> int:
    return int(
        await enqueue_status_card(session, snap, key=f"status:day:{today.isoformat()}", now=now)
    )
