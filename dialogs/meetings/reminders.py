"""RSVP reminders: a week and a day before a meeting, members who have not answered get a
nudge in their personal chat (or an @mention in the group's channel when the bot cannot
reach them personally), delivered by the outbox.

"A week" is five working days and "a day" one working day before the meeting's date, at
the start of office hours, so nobody is nudged on a Sunday about Monday's meeting. The job
enqueues a reminder only once its moment has come and only for people still silent then;
the outbox key makes a second tick harmless, and answering cancels what is still pending.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from cards.i18n import t
from cards.swedish_format import local, span_label
from dialogs.meetings.view import meeting_language
from dialogs.text.working_time import office_start_utc, working_days_before
from dialogs.turn import JobContext
from storage.db import AsyncSession
from storage.directory import membership
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting
from storage.outbox import operations as outbox

log = logging.getLogger(__name__)

# (name in the outbox key, working days before the meeting's date)
REMINDER_POINTS = (("week", 5), ("day", 1))
LOOKAHEAD = timedelta(days=14)


@dataclass(frozen=True)
class ReminderPoint:
    name: str
    due_at: datetime
    until: datetime  # the next point, or the meeting's start


def reminder_points(meeting: Meeting) -> list[ReminderPoint]:
    day = local(meeting.starts_at).date()
    moments = [(name, office_start_utc(working_days_before(day, n))) for name, n in REMINDER_POINTS]
    ends = [moment for _, moment in moments[1:]] + [meeting.starts_at]
    return [
        ReminderPoint(name, due_at, until)
        for (name, due_at), until in zip(moments, ends, strict=True)
        if due_at < until
    ]


def reminder_key_prefix(meeting_id: int, aad_id: str) -> str:
    return f"meeting:{meeting_id}:rsvp:{aad_id}:"


async def cancel_pending_reminders(session: AsyncSession, meeting_id: int, aad_id: str) -> int:
    return await outbox.cancel(session, key_prefix=reminder_key_prefix(meeting_id, aad_id))


async def send_rsvp_reminders(ctx: JobContext) -> None:
    upcoming = await meetings.meetings_starting_between(ctx.session, ctx.now, ctx.now + LOOKAHEAD)
    for meeting in upcoming:
        due = [
            p
            for p in reminder_points(meeting)
            if meeting.created_at <= p.due_at <= ctx.now < p.until
        ]
        if not due:
            continue
        point = due[-1]
        group = await meetings.group_of_meeting(ctx.session, meeting)
        if group is None:
            continue
        answered = {r.member_id for r in await meetings.responses_for(ctx.session, meeting.id)}
        language = meeting_language(meeting)
        when = span_label(
            meeting.starts_at, meeting.ends_at, has_time=meeting.has_time, language=language
        )
        text = t("meetings.reminder", language, title=meeting.title, when=when)
        count = 0
        for member in await membership.list_members(ctx.session, group.id):
            if member.id in answered:
                continue
            mentions = (
                (outbox.OutboxMention(member.teams_user_id, member.name),)
                if member.teams_user_id
                else ()
            )
            created = await outbox.enqueue(
                ctx.session,
                key=f"{reminder_key_prefix(meeting.id, member.aad_object_id)}{point.name}",
                tenant_id=meeting.tenant_id,
                kind="meeting_rsvp_reminder",
                due_at=point.due_at,
                user_aad_id=member.aad_object_id,
                fallback_conversation_pk=group.conversation_pk,
                text=text,
                mentions=mentions,
                group_id=group.id,
                subject=f"meeting:{meeting.id}",
            )
            count += int(created)
        if count:
            log.info(
                "rsvp reminders queued meeting=%s point=%s count=%d", meeting.id, point.name, count
            )
