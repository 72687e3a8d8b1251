"""A meeting's attendance as each source saw it (see AttendanceRecord), and the online
meeting link.

Plain async functions over an AsyncSession; the caller owns the transaction. The sources
are stored side by side rather than merged into one list, so a later Teams report or a
re-read never erases the organiser's corrections; the merge is a rule and lives in
dialogs/meetings/attendance_list.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.meetings.models import (
    AttendanceRecord,
    AttendanceSource,
    AttendanceStatus,
    Meeting,
)

MAX_NAME = 256
MAX_ORGANISATION = 128
MAX_JOIN_URL = 2048


@dataclass(frozen=True)
class Attendee:
    """One person as a source reports them."""

    name: str
    status: AttendanceStatus
    member_id: int | None = None
    organisation: str | None = None
    substitute_for_member_id: int | None = None
    partial: bool = False


async def attendance_records(
    session: AsyncSession, meeting_id: int, source: AttendanceSource | None = None
) -> list[AttendanceRecord]:
    query = select(AttendanceRecord).where(AttendanceRecord.meeting_id == meeting_id)
    if source is not None:
        query = query.where(AttendanceRecord.source == source)
    return list((await session.scalars(query.order_by(AttendanceRecord.id))).all())


def _row(
    meeting_id: int, source: AttendanceSource, person: Attendee, now: datetime
) -> AttendanceRecord:
    return AttendanceRecord(
        meeting_id=meeting_id,
        member_id=person.member_id,
        name=person.name.strip()[:MAX_NAME],
        organisation=person.organisation[:MAX_ORGANISATION] if person.organisation else None,
        status=person.status,
        substitute_for_member_id=person.substitute_for_member_id,
        partial=person.partial,
        source=source,
        created_at=now,
    )


async def replace_attendance(
    session: AsyncSession,
    *,
    meeting_id: int,
    source: AttendanceSource,
    people: Sequence[Attendee],
    now: datetime,
) -> None:
    """Replace everything one source said about the meeting (a re-read Teams report
    replaces the previous read; other sources are untouched)."""
    await session.execute(
        delete(AttendanceRecord).where(
            AttendanceRecord.meeting_id == meeting_id, AttendanceRecord.source == source
        )
    )
    session.add_all([_row(meeting_id, source, person, now) for person in people])
    await session.flush()


async def record_correction(
    session: AsyncSession, *, meeting_id: int, person: Attendee, now: datetime
) -> None:
    """The organiser's word on one person, replacing their earlier correction of the
    same person (a member by id, anyone else by name, case-insensitively)."""
    existing = await attendance_records(session, meeting_id, AttendanceSource.ORGANISER)
    key = _person_key(person.member_id, person.name)
    for row in existing:
        if _person_key(row.member_id, row.name) == key:
            await session.delete(row)
    session.add(_row(meeting_id, AttendanceSource.ORGANISER, person, now))
    await session.flush()


def _person_key(member_id: int | None, name: str) -> str:
    return f"member:{member_id}" if member_id is not None else f"name:{name.strip().casefold()}"


async def set_join_url(
    session: AsyncSession, meeting: Meeting, join_url: str | None, online_meeting_id: str | None
) -> None:
    """Store the Teams link (and Graph's meeting id when Graph made it). A pasted link has
    no Graph id, so a pasted link clears an id from an earlier Graph meeting; either way
    an earlier Graph refusal no longer matters."""
    meeting.online_join_url = join_url[:MAX_JOIN_URL] if join_url else None
    meeting.online_meeting_id = online_meeting_id
    meeting.online_meeting_error = None
    await session.flush()


async def record_online_meeting_error(session: AsyncSession, meeting: Meeting, code: str) -> None:
    """Graph refused for good: no further attempt for this meeting."""
    meeting.online_meeting_error = code[:32]
    await session.flush()


async def meetings_needing_teams_link(
    session: AsyncSession, now: datetime, until: datetime
) -> list[Meeting]:
    """Meetings ahead, with a time of day, that have neither a link nor a refusal."""
    query = (
        select(Meeting)
        .where(
            Meeting.starts_at > now,
            Meeting.starts_at < until,
            Meeting.has_time.is_(True),
            Meeting.online_join_url.is_(None),
            Meeting.online_meeting_error.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list((await session.scalars(query)).all())


async def meetings_awaiting_report(
    session: AsyncSession, since: datetime, now: datetime
) -> list[Meeting]:
    """Graph-made meetings that started in [since, now) and whose Teams attendance report
    has not been stored yet (the report appears some minutes after the meeting ends)."""
    stored = select(AttendanceRecord.meeting_id).where(
        AttendanceRecord.source == AttendanceSource.GRAPH
    )
    query = (
        select(Meeting)
        .where(
            Meeting.starts_at >= since,
            Meeting.starts_at < now,
            Meeting.online_meeting_id.is_not(None),
            Meeting.id.not_in(stored),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list((await session.scalars(query)).all())
