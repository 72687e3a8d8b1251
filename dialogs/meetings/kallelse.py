"""The kallelse: one truth per meeting, drawn from what is stored whenever something it
shows changes (an answer, an agenda point, the Teams link, the meeting's start).

The card posted when the meeting was called (or its poll closed) is the meeting's
`rsvp_activity_id`; `kallelse` posts another copy, remembered in storage/card_copies.
All copies live in the group's own conversation (every meeting command is a group
command). A change made in a turn there redraws them as replies after the commit; a
change made by a job (the Graph sync, the meeting starting) queues the redraws in the
outbox, keyed by the occasion so a second tick queues nothing twice.

Not covered: a copy someone forwarded elsewhere is a new message we never hear of. A
queued redraw is drawn when queued, so an answer given in the seconds before the outbox
delivers it is missing from the card until the next redraw (the answer itself is stored;
the dispatcher ticks every few seconds, so the window is that short).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import date, datetime, timedelta

from cards.common import Card
from cards.meetings.kallelse_cards import FollowUpEntry, Kallelse
from cards.meetings.meeting_cards import rsvp_card
from cards.swedish_format import local
from dialogs.access import require_group
from dialogs.meetings.agenda import STANDING_ITEMS, agenda_titles
from dialogs.meetings.calendar_files import (
    CALENDAR_CONTENT_TYPE,
    CALENDAR_FILE_NAME,
    meetings_calendar,
)
from dialogs.meetings.lookup import meeting_on_day_or, upcoming_meeting
from dialogs.meetings.view import build_meeting_view, calendar_meeting, meeting_language
from dialogs.turn import DownloadFile, JobContext, Reply, SentHook, TurnInput
from storage.card_copies import operations as copies
from storage.card_copies.operations import meeting_subject
from storage.db import AsyncSession
from storage.decisions.models import Decision, DecisionStatus
from storage.decisions.operations import is_overdue, open_items_due_before
from storage.directory.models import Group
from storage.meetings import agenda as agenda_store
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting
from storage.outbox import operations as outbox

log = logging.getLogger(__name__)

# How long after its start a meeting's card is still redrawn by the job (start, end).
REDRAW_WINDOW = timedelta(days=2)


def meeting_over(meeting: Meeting, now: datetime) -> bool:
    end = meeting.ends_at or (meeting.starts_at + timedelta(days=1))
    return end <= now


def _follow_up_entry(decision: Decision, today: date) -> FollowUpEntry:
    owners = [owner.member.name for owner in decision.owners]
    if decision.owner_text:
        owners.append(decision.owner_text)
    return FollowUpEntry(
        reference=decision.reference,
        text=decision.text,
        owners=", ".join(owners),
        due=decision.due,
        in_progress=decision.status == DecisionStatus.IN_PROGRESS,
        overdue=is_overdue(decision, today),
    )


async def build_kallelse(session: AsyncSession, meeting: Meeting, now: datetime) -> Kallelse:
    language = meeting_language(meeting)
    items = await agenda_store.agenda_items(session, meeting.id)
    meeting_day = local(meeting.starts_at).date()
    open_items = await open_items_due_before(session, meeting.group_id, meeting_day)
    today = local(now).date()
    first, _ = STANDING_ITEMS[language]
    return Kallelse(
        agenda=tuple(agenda_titles([item.title for item in items], language)),
        members_items=tuple((item.id, item.title) for item in items),
        first_member_number=len(first) + 1,
        follow_up=tuple(_follow_up_entry(decision, today) for decision in open_items),
        join_url=meeting.online_join_url,
        started=meeting.starts_at <= now,
    )


async def kallelse_card(session: AsyncSession, meeting: Meeting, now: datetime) -> Card:
    view = await build_meeting_view(session, meeting)
    view = replace(view, kallelse=await build_kallelse(session, meeting, now))
    return rsvp_card(
        view, meeting_language(meeting), open_for_answers=not meeting_over(meeting, now)
    )


async def copies_of_kallelse(session: AsyncSession, meeting: Meeting) -> list[str]:
    """Activity ids of the kallelse's copies in the group's conversation, newest first."""
    found = [c.activity_id for c in await copies.copies_of(session, meeting_subject(meeting.id))]
    if meeting.rsvp_activity_id and meeting.rsvp_activity_id not in found:
        found.append(meeting.rsvp_activity_id)
    return found


def remember_copy_when_sent(group: Group, meeting: Meeting, now: datetime) -> SentHook:
    async def hook(session: AsyncSession, activity_id: str) -> None:
        await copies.remember_copy(
            session,
            tenant_id=meeting.tenant_id,
            subject=meeting_subject(meeting.id),
            conversation_pk=group.conversation_pk,
            activity_id=activity_id,
            now=now,
        )

    return hook


async def redraw_in_turn(
    session: AsyncSession,
    turn: TurnInput,
    meeting: Meeting,
    *,
    clicked: str | None = None,
) -> list[Reply]:
    """Replies that redraw every copy after the turn's commit, the clicked one (which may
    be a copy posted before copies were remembered) first. Called only from the group's
    conversation, where the copies are."""
    card = await kallelse_card(session, meeting, turn.now)
    targets = [clicked] if clicked else []
    targets += [a for a in await copies_of_kallelse(session, meeting) if a != clicked]
    return [Reply(card=card, update_activity_id=activity_id) for activity_id in targets]


async def queue_redraw(
    session: AsyncSession, meeting: Meeting, now: datetime, occasion: str
) -> int:
    """Queue an in-place update of every copy through the outbox (for jobs, which have no
    turn to reply in); `occasion` names why, once per copy. Returns how many were new."""
    group = await meetings.group_of_meeting(session, meeting)
    if group is None:
        return 0
    subject = meeting_subject(meeting.id)
    keys = {
        activity_id: f"{subject}:kallelse:{occasion}:"
        + hashlib.sha256(activity_id.encode()).hexdigest()[:16]
        for activity_id in await copies_of_kallelse(session, meeting)
    }
    # The job asks every ten minutes: a card already queued for this occasion is not
    # drawn again just to be turned away by the outbox key.
    due = {a: key for a, key in keys.items() if await outbox.find(session, key) is None}
    if not due:
        return 0
    card = await kallelse_card(session, meeting, now)
    queued = 0
    for activity_id, key in due.items():
        queued += await outbox.enqueue(
            session,
            key=key,
            tenant_id=meeting.tenant_id,
            kind="meeting_card_update",
            due_at=now,
            conversation_pk=group.conversation_pk,
            card=card,
            update_activity_id=activity_id,
            group_id=group.id,
            subject=subject,
        )
    return queued


async def redraw_started_meetings(ctx: JobContext) -> None:
    """At a meeting's start its kallelse offers the minutes draft and attendance; at its
    end the RSVP buttons go. A card nobody touches would otherwise keep the old face."""
    recent = await meetings.meetings_starting_between(
        ctx.session, ctx.now - REDRAW_WINDOW, ctx.now + timedelta(seconds=1)
    )
    for meeting in recent:
        occasion = "over" if meeting_over(meeting, ctx.now) else "started"
        queued = await queue_redraw(ctx.session, meeting, ctx.now, occasion)
        if queued:
            log.info("kallelse redraw queued meeting=%s occasion=%s", meeting.id, occasion)


# ---- `kallelse` ---------------------------------------------------------------------------
async def show_kallelse(
    session: AsyncSession, turn: TurnInput, meeting: Meeting, group: Group
) -> list[Reply]:
    """A copy of the kallelse, with the meeting as a calendar file (with its link, when it
    has one by now, which the file sent when the date was chosen could not carry)."""
    card = await kallelse_card(session, meeting, turn.now)
    ics = meetings_calendar([calendar_meeting(meeting)])
    return [
        Reply(
            card=card,
            files=(DownloadFile(CALENDAR_FILE_NAME, CALENDAR_CONTENT_TYPE, ics),),
            on_sent=remember_copy_when_sent(group, meeting, turn.now),
        )
    ]


async def kallelse_command(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`kallelse` (the next meeting) or `kallelse 9/10` (the meeting that day)."""
    group = await require_group(session, turn)
    next_one = await upcoming_meeting(session, group, turn.now)
    meeting = await meeting_on_day_or(
        session, group, turn, argument, next_one, "kallelse.no_meeting"
    )
    return await show_kallelse(session, turn, meeting, group)
