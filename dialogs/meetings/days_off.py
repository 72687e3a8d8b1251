"""The button on the day-off warning (dialogs/meetings/day_off_warning.py) that moves a
meeting to the nearest working day.

Only its organiser
(or a role that manages meetings) may move it, only to a working day within a week of
the old one, and only while nobody has answered and no Outlook calendar holds it
(storage re-checks under the meeting's lock): answers were given for the old day.
"""

from __future__ import annotations

import logging

from cards.days_off.days_off_cards import MeetingMoveAction
from cards.i18n import t
from cards.swedish_format import local, short_day
from dialogs.access import may_manage, require_group, require_member
from dialogs.audit import record_action
from dialogs.meetings.flows import meeting_over, rsvp_card_update
from dialogs.meetings.lookup import meeting_in_group
from dialogs.text.days_off import MAX_MOVE, shifted
from dialogs.text.working_time import is_working_day
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.meetings import operations as meetings

log = logging.getLogger(__name__)


async def move_meeting(
    session: AsyncSession, turn: TurnInput, action: MeetingMoveAction
) -> list[Reply]:
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "meetings.not_member")
    meeting = await meeting_in_group(session, group, action.meeting, for_update=True)
    if not may_manage(member, meeting.organiser_member_id):
        raise UserFacingError("polls.not_organiser")
    language = turn.language
    moved_text = t("days_off.meeting_moved", language, to=short_day(action.to, language))
    current = local(meeting.starts_at).date()
    if current == action.to:
        return [Reply(text=moved_text)]  # a double click: already done
    if (
        current != action.from_day
        or meeting_over(meeting, turn.now)
        or not is_working_day(action.to)
        or action.to <= local(turn.now).date()
        or abs(action.to - current) > MAX_MOVE
    ):
        raise UserFacingError("days_off.bad_day")
    days = (action.to - current).days
    ends_at = shifted(meeting.ends_at, days) if meeting.ends_at is not None else None
    if not await meetings.move_meeting(
        session, meeting, starts_at=shifted(meeting.starts_at, days), ends_at=ends_at
    ):
        return [Reply(text=t("days_off.meeting_not_moved", language))]
    await record_action(
        session,
        turn,
        member,
        "meeting.move",
        subject_type="meeting",
        subject_id=meeting.id,
        group_id=group.id,
    )
    log.info("meeting moved meeting=%s days=%d", meeting.id, days)
    replies = [Reply(text=moved_text)]
    if meeting.rsvp_activity_id:
        replies.append(await rsvp_card_update(session, meeting, meeting.rsvp_activity_id, turn.now))
    return replies
