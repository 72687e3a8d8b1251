"""The Teams meeting's attendance report, as the Graph sync reads it after the meeting
(bot/graph/online_meetings.py), turned into the "graph" source of the attendance list
(dialogs/meetings/attendance_list.py merges it with the RSVPs and corrections).

Matching: a joiner is a member when Teams' account id is the member's, else when the
e-mail address is; anyone else (a substitute, a guest by link) keeps the name they had
in the meeting. Someone who left and joined again is one person with the times added.
"Part of the meeting": connected for less than three quarters of its length.

What it cannot read: who sat in the room of a hybrid meeting (see attendance_list.py),
or a report Teams has not finished yet — an empty one is not stored, and the sync asks
again on its next run until REPORT_WINDOW after the start.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from dialogs.meetings.attendance_list import person_key
from dialogs.meetings.online_link import tell_organiser
from dialogs.meetings.view import invited_members, organisation_names
from storage.db import AsyncSession
from storage.meetings import attendance as attendance_store
from storage.meetings.models import AttendanceSource, AttendanceStatus, Meeting

log = logging.getLogger(__name__)

PARTIAL_SHARE = 0.75
# Teams makes the report a few minutes after the last person leaves.
REPORT_DELAY = timedelta(minutes=10)
REPORT_WINDOW = timedelta(days=2)
ASSUMED_LENGTH = timedelta(hours=2)  # a meeting called without an end time


@dataclass(frozen=True)
class ReportedAttendee:
    """One attendance record as Graph gives it."""

    aad_object_id: str | None
    email: str | None
    name: str
    seconds: int


def meeting_length(meeting: Meeting) -> timedelta:
    return (meeting.ends_at - meeting.starts_at) if meeting.ends_at else ASSUMED_LENGTH


def report_due(meeting: Meeting, now: datetime) -> bool:
    """The report can be asked for: the meeting has ended a while ago, and not too long."""
    end = meeting.starts_at + meeting_length(meeting)
    return end + REPORT_DELAY <= now < meeting.starts_at + REPORT_WINDOW


async def record_attendance_report(
    session: AsyncSession,
    meeting: Meeting,
    attendees: Sequence[ReportedAttendee],
    length: timedelta | None,
    now: datetime,
) -> int:
    """Store who joined (replacing an earlier read); returns how many people. `length`:
    the meeting's length as the report says, else as it was called."""
    if not attendees:
        return 0
    members = await invited_members(session, meeting)
    by_aad = {m.aad_object_id: m for m in members}
    by_email = {m.email.casefold(): m for m in members if m.email}
    organisations = await organisation_names(session, meeting.group_id)
    seconds: dict[str, int] = {}
    people: dict[str, attendance_store.Attendee] = {}
    for attendee in attendees:
        member = by_aad.get(attendee.aad_object_id or "") or by_email.get(
            (attendee.email or "").casefold()
        )
        key = person_key(member.id if member else None, attendee.name)
        seconds[key] = seconds.get(key, 0) + max(attendee.seconds, 0)
        people[key] = attendance_store.Attendee(
            name=member.name if member else " ".join(attendee.name.split()),
            status=AttendanceStatus.PRESENT,
            member_id=member.id if member else None,
            organisation=organisations.get(member.organisation_id or 0) if member else None,
        )
    full = (length or meeting_length(meeting)).total_seconds()
    stored = [
        attendance_store.Attendee(
            name=person.name,
            status=person.status,
            member_id=person.member_id,
            organisation=person.organisation,
            partial=seconds[key] < PARTIAL_SHARE * full,
        )
        for key, person in people.items()
        if person.name
    ]
    await attendance_store.replace_attendance(
        session, meeting_id=meeting.id, source=AttendanceSource.GRAPH, people=stored, now=now
    )
    log.info("attendance report stored meeting=%s people=%d", meeting.id, len(stored))
    return len(stored)


async def attendance_report_failed(
    session: AsyncSession, meeting: Meeting, *, status: int, now: datetime
) -> None:
    """Tell the organiser once that the list rests on the answers alone."""
    log.warning("attendance report not read meeting=%s status=%s", meeting.id, status)
    reason = "permission" if status in (401, 403) else "unavailable"
    await tell_organiser(session, meeting, f"attendance.report_failed.{reason}", now)
