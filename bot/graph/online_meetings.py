"""Teams meetings through Microsoft Graph: the online meeting for each meeting ahead, and
its attendance report once it is over.

This module only transports: it makes the calls and hands plain results to the flows in
dialogs/meetings (online_link.py: the link goes on the kallelse, or the organiser hears
why not; attendance_report.py: who joined, for how long). It runs inside the Outlook
sync's tick (calendar_sync.py), before the calendar events are written, so a new
event already carries the link.

Graph calls (application permissions; see README "Microsoft Graph"):
- POST /users/{organiser}/onlineMeetings/createOrGet with the meeting's uid as
  externalId: a retried call after a lost answer returns the same meeting, never a twin.
  Needs OnlineMeetings.ReadWrite.All and an application access policy for the organiser.
- GET /users/{organiser}/onlineMeetings/{id}/attendanceReports and
  .../attendanceReports/{report}/attendanceRecords. Needs OnlineMeetingArtifact.Read.All
  (with the same access policy). Both lists are read to their last page
  (`GraphClient.collect` follows `@odata.nextLink` under the configured Graph URL
  only, up to MAX_PAGES); a refused link or an endless chain fails the read, so a
  half-read report is never stored as who was there.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from bot.graph.client import GraphClient, GraphError, parse_graph_time
from dialogs.meetings import attendance_report, online_link
from storage.meetings import attendance as attendance_store
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting

log = logging.getLogger(__name__)

LOOKAHEAD = timedelta(days=400)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _meetings_path(organiser_aad_id: str) -> str:
    return f"/users/{quote(organiser_aad_id, safe='')}/onlineMeetings"


async def _create_one(
    session: AsyncSession, client: GraphClient, meeting: Meeting, now: datetime
) -> None:
    organiser = await meetings.organiser_of(session, meeting)
    if organiser is None:
        return  # nobody to own the Teams meeting; the organiser may paste a link
    body = {
        "externalId": meeting.uid,
        "subject": meeting.title,
        "startDateTime": _utc(meeting.starts_at),
        "endDateTime": _utc(meeting.ends_at or meeting.starts_at + timedelta(hours=1)),
    }
    try:
        created = await client.request(
            "POST", f"{_meetings_path(organiser.aad_object_id)}/createOrGet", json=body
        )
    except GraphError as error:
        await online_link.teams_link_failed(
            session, meeting, status=error.status, code=error.code, now=now
        )
        return
    join_url, online_id = created.get("joinWebUrl"), created.get("id")
    if not isinstance(join_url, str) or not join_url.startswith("https://") or not online_id:
        await online_link.teams_link_failed(
            session, meeting, status=502, code="no_join_url", now=now
        )
        return
    await online_link.teams_link_created(session, meeting, join_url, str(online_id), now)


async def create_teams_meetings(session: AsyncSession, client: GraphClient, now: datetime) -> None:
    for meeting in await attendance_store.meetings_needing_teams_link(
        session, now, now + LOOKAHEAD
    ):
        async with session.begin_nested():
            await _create_one(session, client, meeting, now)


def _attendees(records: list[dict[str, Any]]) -> list[attendance_report.ReportedAttendee]:
    found = []
    for record in records:
        identity = record.get("identity")
        identity = identity if isinstance(identity, dict) else {}
        email = record.get("emailAddress")
        name = identity.get("displayName") or (email.split("@")[0] if email else "")
        seconds = record.get("totalAttendanceInSeconds")
        found.append(
            attendance_report.ReportedAttendee(
                aad_object_id=str(identity["id"]) if identity.get("id") else None,
                email=str(email) if email else None,
                name=str(name),
                seconds=int(seconds) if isinstance(seconds, int | float) else 0,
            )
        )
    return found


async def _read_report(
    session: AsyncSession, client: GraphClient, meeting: Meeting, now: datetime
) -> None:
    organiser = await meetings.organiser_of(session, meeting)
    if organiser is None or meeting.online_meeting_id is None:
        return
    base = f"{_meetings_path(organiser.aad_object_id)}/{quote(meeting.online_meeting_id, safe='')}"
    attendees: list[attendance_report.ReportedAttendee] = []
    length: timedelta | None = None
    try:
        for report in await client.collect(f"{base}/attendanceReports"):
            if not report.get("id"):
                continue
            start = parse_graph_time(report.get("meetingStartDateTime"))
            end = parse_graph_time(report.get("meetingEndDateTime"))
            if start and end and end > start:
                length = max(length or timedelta(0), end - start)
            records = await client.collect(
                f"{base}/attendanceReports/{quote(str(report['id']), safe='')}/attendanceRecords"
            )
            attendees += _attendees(records)
    except GraphError as error:
        await attendance_report.attendance_report_failed(
            session, meeting, status=error.status, now=now
        )
        return
    await attendance_report.record_attendance_report(session, meeting, attendees, length, now)


async def read_attendance_reports(
    session: AsyncSession, client: GraphClient, now: datetime
) -> None:
    since = now - attendance_report.REPORT_WINDOW
    for meeting in await attendance_store.meetings_awaiting_report(session, since, now):
        if not attendance_report.report_due(meeting, now):
            continue
        async with session.begin_nested():
            await _read_report(session, client, meeting, now)
