"""Meeting operations: create (from a poll or directly), RSVP (idempotent, newest wins),
the merge of Outlook answers into the RSVP list, look-ups for the attendance list,
reminders and the Outlook calendar sync.

Plain async functions over an AsyncSession; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory import membership
from storage.directory.models import Conversation, Group, Member
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
    session: AsyncSession,
    *,
    meeting_id: int,
    mailbox: str,
    event_id: str,
    now: datetime,
    body_digest: str | None = None,
) -> MeetingCalendarEvent:
    row = MeetingCalendarEvent(
        meeting_id=meeting_id,
        mailbox=mailbox,
        event_id=event_id,
        created_at=now,
        synced_at=now,
        body_digest=body_digest,
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


async def group_of_meeting(session: AsyncSession, meeting: Meeting) -> Group | None:
    # session.get: the turn's preload usually holds the group already (no round trip).
    return await session.get(Group, meeting.group_id)


async def members_by_id(session: AsyncSession, member_ids: Iterable[int]) -> list[Member]:
    """Members by id whatever their state (someone who answered and then left the group);
    one identity-map look-up each, so members already loaded cost no round trip."""
    found = [await session.get(Member, member_id) for member_id in member_ids]
    return [member for member in found if member is not None]


async def organiser_of(session: AsyncSession, meeting: Meeting) -> Member | None:
    if meeting.organiser_member_id is None:
        return None
    return await session.get(Member, meeting.organiser_member_id)


async def mark_calendar_synced(
    session: AsyncSession, event: MeetingCalendarEvent, now: datetime
) -> None:
    event.synced_at = now
    event.last_error = None
    await session.flush()


async def record_calendar_body(
    session: AsyncSession, event: MeetingCalendarEvent, body_digest: str
) -> None:
    """The Outlook event's body now says what `body_digest` was made from."""
    event.body_digest = body_digest
    await session.flush()


async def record_calendar_error(session: AsyncSession, meeting_id: int, code: str) -> None:
    """Note why the last sync failed; the RSVP rows stay as they were."""
    event = await calendar_event_for(session, meeting_id)
    if event is not None:
        event.last_error = code[:32]
        await session.flush()


# ---- Outlook answers ----------------------------------------------------------------------
# Only a clear yes or no counts: tentative and unanswered invitations change nothing.
OUTLOOK_RESPONSES = {"accepted": RsvpStatus.COMING, "declined": RsvpStatus.NOT_COMING}


@dataclass(frozen=True)
class OutlookAnswer:
    """One attendee's answer as the Outlook event shows it (Graph's vocabulary)."""

    email: str
    response: str  # "accepted", "declined", "tentativelyAccepted", "none", ...
    answered_at: datetime | None


def outlook_answer_replaces(
    current: MeetingResponse | None, answer: RsvpStatus, answered_at: datetime
) -> bool:
    """An Outlook answer is stored only when it is newer than the stored one and says
    something else, so a later click on the Teams card wins and a stale Outlook state
    never overwrites it. A "declined" in Outlook never replaces "Skickar ersättare" from
    Teams: declining the invitation is exactly what someone who sends a substitute does,
    and the substitute's name must stay on the attendance list."""
    if current is None:
        return True
    if current.version >= answered_at or current.status == answer:
        return False
    return not (current.status == RsvpStatus.SUBSTITUTE and answer == RsvpStatus.NOT_COMING)


async def merge_outlook_response(
    session: AsyncSession,
    *,
    meeting_id: int,
    member_id: int,
    answer: RsvpStatus,
    answered_at: datetime,
    now: datetime,
) -> bool:
    """Store one member's Outlook answer if `outlook_answer_replaces` lets it; the
    member's comment from Teams is kept. True when the RSVP changed."""
    current = await response_of(session, meeting_id, member_id)
    if not outlook_answer_replaces(current, answer, answered_at):
        return False
    await record_response(
        session,
        meeting_id=meeting_id,
        member_id=member_id,
        status=answer,
        substitute_name=None,
        comment=current.comment if current else None,
        source=RsvpSource.OUTLOOK,
        version=answered_at,
        now=now,
    )
    return True


async def merge_outlook_answers(
    session: AsyncSession, meeting: Meeting, answers: Sequence[OutlookAnswer], now: datetime
) -> int:
    """Merge the attendees' Outlook answers into the RSVP list; returns how many changed.
    Attendees are matched to the group's members by e-mail address (case-insensitive);
    an address that is no member's is ignored."""
    members = {
        m.email.casefold(): m
        for m in await membership.list_members(session, meeting.group_id)
        if m.email
    }
    changed = 0
    for outlook in answers:
        answer = OUTLOOK_RESPONSES.get(outlook.response)
        member = members.get(outlook.email.casefold())
        if answer is None or outlook.answered_at is None or member is None:
            continue
        changed += await merge_outlook_response(
            session,
            meeting_id=meeting.id,
            member_id=member.id,
            answer=answer,
            answered_at=outlook.answered_at,
            now=now,
        )
    return changed


async def move_meeting(
    session: AsyncSession, meeting: Meeting, *, starts_at: datetime, ends_at: datetime | None
) -> bool:
    """Move a meeting nobody has answered yet and that is in no Outlook calendar (a Sunday
    called by mistake, moved to the Monday). False otherwise: answers and calendar copies
    were made for the old day."""
    answered = await session.scalar(
        select(MeetingResponse.id).where(MeetingResponse.meeting_id == meeting.id).limit(1)
    )
    if answered is not None or await calendar_event_for(session, meeting.id) is not None:
        return False
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.sequence = (meeting.sequence or 0) + 1
    await session.flush()
    return True


async def unanswered_by(
    session: AsyncSession, tenant_id: str, aad_object_id: str, now: datetime
) -> list[tuple[str, Meeting]]:
    """Meetings still ahead, in the tenant's installed groups where this person is an
    active member, that they have not answered (`påminnelser` in the personal chat):
    (group name, meeting), soonest first."""
    answered = (
        select(MeetingResponse.meeting_id)
        .join(Member, Member.id == MeetingResponse.member_id)
        .where(Member.aad_object_id == aad_object_id)
    )
    query = (
        select(Group.name, Meeting)
        .join(Group, Group.id == Meeting.group_id)
        .join(Conversation, Conversation.id == Group.conversation_pk)
        .where(
            Group.tenant_id == tenant_id,
            Conversation.active.is_(True),
            Meeting.starts_at > now,
            Meeting.group_id.in_(membership.active_group_ids(aad_object_id)),
            Meeting.id.not_in(answered),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [(name, meeting) for name, meeting in (await session.execute(query)).tuples().all()]
