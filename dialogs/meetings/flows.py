"""Meetings: call one (`möte 9 oktober kl 10-12 Hotell Malmköping`), answer the invitation
(Kommer / Kommer inte / Skickar ersättare), list upcoming meetings, and export the
attendance list for the minutes (`möte närvaro`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from cards.i18n import t
from cards.meetings.meeting_cards import (
    MeetingRsvpAction,
    meetings_list_card,
)
from cards.swedish_format import local
from dialogs.access import require_group, require_member
from dialogs.audit import record_action
from dialogs.input_errors import refused_as_user_message
from dialogs.meetings.day_off_warning import warning_reply
from dialogs.meetings.kallelse import kallelse_card, meeting_over, redraw_in_turn
from dialogs.meetings.lookup import meeting_in_group
from dialogs.meetings.reminders import cancel_pending_reminders
from dialogs.meetings.request import parse_meeting_request
from dialogs.meetings.view import build_meeting_view
from dialogs.text.pii import ensure_no_personal_number
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting, RsvpSource, RsvpStatus

log = logging.getLogger(__name__)

ATTENDANCE_CONTENT_TYPE = "text/markdown"


async def rsvp_card_reply(
    session: AsyncSession, meeting: Meeting, now: datetime | None = None
) -> Reply:
    """A new kallelse card; its message id is remembered so answers update it in place.
    Without `now` (a meeting just called or chosen) the meeting is taken as ahead."""
    card = await kallelse_card(session, meeting, now or meeting.created_at)
    meeting_id = meeting.id

    async def remember(hook_session: AsyncSession, activity_id: str) -> None:
        await meetings.set_rsvp_activity_id(hook_session, meeting_id, activity_id)

    return Reply(card=card, on_sent=remember)


async def rsvp_card_update(
    session: AsyncSession, meeting: Meeting, activity_id: str, now: datetime
) -> Reply:
    return Reply(card=await kallelse_card(session, meeting, now), update_activity_id=activity_id)


# ---- call a meeting ---------------------------------------------------------------------
async def call_meeting(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    group = await require_group(session, turn)
    organiser = await require_member(session, group, turn, "meetings.not_member")
    with refused_as_user_message():
        request = parse_meeting_request(argument, now=turn.now, english=turn.language == "en")
        ensure_no_personal_number(request.location)
    meeting = await meetings.create_meeting(
        session,
        group=group,
        title=t("meetings.default_title", turn.language),
        location=request.location,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        has_time=request.has_time,
        organiser_member_id=organiser.id,
        language=turn.language,
        now=turn.now,
    )
    await record_action(
        session,
        turn,
        organiser,
        "meeting.create",
        subject_type="meeting",
        subject_id=meeting.id,
        group_id=group.id,
    )
    log.info("meeting created meeting=%s group=%s", meeting.id, group.id)
    replies = [await rsvp_card_reply(session, meeting)]
    warning = warning_reply(meeting, local(turn.now).date(), turn.language)
    return replies if warning is None else [*replies, warning]


# ---- RSVP -------------------------------------------------------------------------------
async def rsvp(session: AsyncSession, turn: TurnInput, action: MeetingRsvpAction) -> list[Reply]:
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "meetings.not_member")
    # Locked so concurrent answers render cards in commit order
    # (see storage.polls.operations.get_poll).
    meeting = await meeting_in_group(session, group, action.meeting, for_update=True)
    if meeting_over(meeting, turn.now):
        raise UserFacingError("meetings.meeting_over")
    status = RsvpStatus(action.status)
    substitute = " ".join(action.substitute.split()) or None
    comment = " ".join(action.comment.split()) or None
    if status == RsvpStatus.SUBSTITUTE and not substitute:
        raise UserFacingError("meetings.substitute_missing")
    if status != RsvpStatus.SUBSTITUTE:
        substitute = None
    with refused_as_user_message():
        ensure_no_personal_number(substitute, comment)
    await meetings.record_response(
        session,
        meeting_id=meeting.id,
        member_id=member.id,
        status=status,
        substitute_name=substitute,
        comment=comment,
        source=RsvpSource.TEAMS,
        version=turn.answered_at,
        now=turn.now,
    )
    await cancel_pending_reminders(session, meeting.id, member.aad_object_id)
    log.info("rsvp recorded meeting=%s member=%s status=%s", meeting.id, member.id, status.value)
    target = turn.reply_to_id or meeting.rsvp_activity_id
    if target is None:
        return [await rsvp_card_reply(session, meeting, turn.now)]
    return await redraw_in_turn(session, turn, meeting, clicked=target)


# ---- list and attendance ----------------------------------------------------------------
async def list_meetings(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    group = await require_group(session, turn)
    upcoming = [
        m
        for m in await meetings.meetings_of_group(session, group.id)
        if not meeting_over(m, turn.now)
    ]
    views = [await build_meeting_view(session, m) for m in upcoming[:10]]
    return [Reply(card=meetings_list_card(views, turn.language))]
