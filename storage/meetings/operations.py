"""Meeting operations: create (from a poll or directly), RSVP (idempotent, newest wins),
look-ups for the attendance list and reminders.

Plain async functions over an AsyncSession; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory.models import Group
from storage.meetings.models import (
    Meeting,
    MeetingCalendarEvent,
    MeetingResponse,
    RsvpSource,
    RsvpStatus,
)
from storage.polls.models import PollOption
from storage.polls.operations import dialect_insert
from storage.upsert import get_or_insert

MAX_TITLE = 200
MAX_LOCATION = 200
MAX_COMMENT = 500
MAX_SUBSTITUTE = 120


async def create_meeting(
    session: AsyncSession,
    *,
    group: Group,
    title: str,
    location: str | None,
    starts_at: datetime,
    ends_at: datetime | None,
    has_time: bool,
    organiser_member_id: int | None,
    language: str,
    now: datetime,
) -> Meeting:
    meeting = Meeting(
        language=language,
        tenant_id=group.tenant_id,
        group_id=group.id,
        title=title[:MAX_TITLE],
        location=location[:MAX_LOCATION] if location else None,
        starts_at=starts_at,
        ends_at=ends_at,
        has_time=has_time,
        organiser_member_id=organiser_member_id,
        created_at=now,
    )
    session.add(meeting)
    await session.flush()
    return meeting


async def meeting_from_option(
    session: AsyncSession,
    *,
    group: Group,
    option: PollOption,
    title: str,
    organiser_member_id: int | None,
    language: str,
    now: datetime,
) -> Meeting:
    """At most one meeting per chosen date, even when two closes race (unique option)."""
    meeting, _ = await get_or_insert(
        session,
        select(Meeting).where(Meeting.poll_option_id == option.id),
        lambda: Meeting(
            tenant_id=group.tenant_id,
            group_id=group.id,
            poll_id=option.poll_id,
            poll_option_id=option.id,
            title=title[:MAX_TITLE],
            starts_at=option.starts_at,
            ends_at=option.ends_at,
            has_time=option.has_time,
            organiser_member_id=organiser_member_id,
            language=language,
            created_at=now,
        ),
    )
    return meeting


async def get_meeting(
    session: AsyncSession, meeting_id: int, *, for_update: bool = False
) -> Meeting | None:
    query = select(Meeting).where(Meeting.id == meeting_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


async def set_rsvp_activity_id(session: AsyncSession, meeting_id: int, activity_id: str) -> None:
    await session.execute(
        update(Meeting).where(Meeting.id == meeting_id).values(rsvp_activity_id=activity_id)
    )


async def meetings_of_group(session: AsyncSession, group_id: int) -> list[Meeting]:
    query = select(Meeting).where(Meeting.group_id == group_id).order_by(Meeting.starts_at)
    return list((await session.scalars(query)).all())


async def meetings_of_poll(session: AsyncSession, poll_id: int) -> list[Meeting]:
    query = select(Meeting).where(Meeting.poll_id == poll_id).order_by(Meeting.starts_at)
    return list((await session.scalars(query)).all())


async def meetings_starting_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[Meeting]:
    query = (
        select(Meeting)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list((await session.scalars(query)).all())


async def record_response(
    session: AsyncSession,
    *,
    meeting_id: int,
    member_id: int,
    status: RsvpStatus,
    substitute_name: str | None,
    comment: str | None,
    source: RsvpSource,
    version: datetime,
    now: datetime,
) -> None:
    """Insert or replace the member's RSVP unless a newer one is stored."""
    statement = dialect_insert(session, MeetingResponse).values(
        meeting_id=meeting_id,
        member_id=member_id,
        status=status,
        substitute_name=substitute_name[:MAX_SUBSTITUTE] if substitute_name else None,
        comment=comment[:MAX_COMMENT] if comment else None,
        source=source,
        version=version,
        updated_at=now,
    )
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[MeetingResponse.meeting_id, MeetingResponse.member_id],
        set_={
            "status": excluded.status,
            "substitute_name": excluded.substitute_name,
            "comment": excluded.comment,
            "source": excluded.source,
            "version": excluded.version,
            "updated_at": excluded.updated_at,
        },
        where=MeetingResponse.version <= excluded.version,
    )
    await session.execute(statement)


async def responses_for(session: AsyncSession, meeting_id: int) -> list[MeetingResponse]:
    query = (
        select(MeetingResponse)
        .where(MeetingResponse.meeting_id == meeting_id)
        .order_by(MeetingResponse.id)
    )
    return list((await session.scalars(query)).all())


async def calendar_event_for(session: AsyncSession, meeting_id: int) -> MeetingCalendarEvent | None:
    return await session.scalar(
        select(MeetingCalendarEvent).where(MeetingCalendarEvent.meeting_id == meeting_id)
    )


async def add_calendar_event(
    session: AsyncSession, *, meeting_id: int, mailbox: str, event_id: str, now: datetime
) -> MeetingCalendarEvent:
    row = MeetingCalendarEvent(
        meeting_id=meeting_id, mailbox=mailbox, event_id=event_id, created_at=now, synced_at=now
    )
    session.add(row)
    await session.flush()
    return row


async def response_of(
    session: AsyncSession, meeting_id: int, member_id: int
) -> MeetingResponse | None:
    return await session.scalar(
        select(MeetingResponse).where(
            MeetingResponse.meeting_id == meeting_id, MeetingResponse.member_id == member_id
        )
    )
