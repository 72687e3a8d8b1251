"""Date poll operations: create, answer (idempotent, newest wins), close, choose dates.

Plain async functions over an AsyncSession; the caller owns the transaction. Answers
are written with one INSERT .. ON CONFLICT DO UPDATE .. WHERE version <= new version, so
a double click, a redelivered activity and fifty members answering in the same second
all end with exactly one row per member and date, the newest answer winning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.directory import membership
from storage.directory.models import Conversation, Group, Member, Organisation, Role
from storage.polls.models import Poll, PollAnswer, PollChoice, PollOption, PollStatus

MAX_OPTIONS = 20
MAX_TITLE = 200


@dataclass(frozen=True)
class OptionSpec:
    starts_at: datetime  # UTC
    ends_at: datetime | None  # UTC
    has_time: bool


async def create_poll(
    session: AsyncSession,
    *,
    group: Group,
    organiser: Member,
    title: str | None,
    options: Sequence[OptionSpec],
    deadline_at: datetime,
    hide_answers: bool,
    language: str,
    now: datetime,
) -> Poll:
    if not options or len(options) > MAX_OPTIONS:
        raise ValueError("a poll needs 1..20 options")
    poll = Poll(
        tenant_id=group.tenant_id,
        group_id=group.id,
        title=title[:MAX_TITLE] if title else None,
        organiser_member_id=organiser.id,
        deadline_at=deadline_at,
        status=PollStatus.OPEN,
        hide_answers=hide_answers,
        answers_revealed=False,
        language=language,
        created_at=now,
    )
    session.add(poll)
    await session.flush()
    for position, spec in enumerate(sorted(options, key=lambda o: o.starts_at)):
        session.add(
            PollOption(
                poll_id=poll.id,
                position=position,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
                has_time=spec.has_time,
            )
        )
    await session.flush()
    return await get_poll(session, poll.id, for_update=False)  # type: ignore[return-value]


async def get_poll(session: AsyncSession, poll_id: int, *, for_update: bool = False) -> Poll | None:
    """Row locks on PostgreSQL (SQLite transactions are serialised by BEGIN IMMEDIATE
    anyway): an organiser's change (`for_update`) waits for answers in flight and
    excludes new ones until it commits; answers take the lock shared
    (`poll_for_answer`), so 200 members clicking at once do not queue behind one lock."""
    query = select(Poll).options(selectinload(Poll.options)).where(Poll.id == poll_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


@dataclass(frozen=True)
class AnswerablePoll:
    """What an answer needs to know about its poll, read without building ORM objects:
    an answer is the hottest path in the bot (200 members clicking one card)."""

    id: int
    group_id: int
    status: PollStatus
    deadline_at: datetime
    activity_id: str | None
    option_ids: frozenset[int]


async def poll_for_answer(session: AsyncSession, poll_id: int) -> AnswerablePoll | None:
    """One round trip: the poll with its option ids, under a shared row lock on the poll
    (PostgreSQL; see `get_poll`) so an organiser's close waits for answers in flight."""
    rows = (await session.execute(_ANSWERABLE_POLL, {"poll_id": poll_id})).all()
    if not rows:
        return None
    first = rows[0]
    return AnswerablePoll(
        id=first[0],
        group_id=first[1],
        status=first[2],
        deadline_at=first[3],
        activity_id=first[4],
        option_ids=frozenset(row[5] for row in rows if row[5] is not None),
    )


# Built once, not per click: constructing the statement and its cache key cost more CPU
# than running it (docs/performance.md, issue #16).
_ANSWERABLE_POLL = (
    select(Poll.id, Poll.group_id, Poll.status, Poll.deadline_at, Poll.activity_id, PollOption.id)
    .outerjoin(PollOption, PollOption.poll_id == Poll.id)
    .where(Poll.id == bindparam("poll_id"))
    .with_for_update(read=True, of=Poll)
)


async def set_activity_id(session: AsyncSession, poll_id: int, activity_id: str) -> None:
    await session.execute(update(Poll).where(Poll.id == poll_id).values(activity_id=activity_id))


def dialect_insert(session: AsyncSession, model: Any) -> Any:
    """The dialect's INSERT, which both backends extend with ON CONFLICT (imported here:
    the other backend's dialect would only slow the bot's start-up)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(model)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(model)


async def record_answer(
    session: AsyncSession,
    *,
    poll_id: int,
    option_id: int,
    member_id: int,
    choice: PollChoice,
    version: datetime,
    now: datetime,
) -> None:
    """Insert or replace the member's answer for one date unless a newer one is stored."""
    await session.execute(
        _UPSERT_ANSWER,
        {
            "poll_id": poll_id,
            "option_id": option_id,
            "member_id": member_id,
            "choice": choice,
            "version": version,
            "updated_at": now,
        },
    )


# The same statement on both backends (SQLite ≥ 3.24 and PostgreSQL share ON CONFLICT).
# As text it is compiled once: SQLAlchemy cannot cache the compiled form of an INSERT ..
# ON CONFLICT construct, and compiling it anew cost as much as the rest of the answer.
_UPSERT_ANSWER = text(
    """
    INSERT INTO poll_answers (poll_id, option_id, member_id, choice, version, updated_at)
    VALUES (:poll_id, :option_id, :member_id, :choice, :version, :updated_at)
    ON CONFLICT (option_id, member_id) DO UPDATE
    SET choice = excluded.choice, version = excluded.version, updated_at = excluded.updated_at
    WHERE poll_answers.version <= excluded.version
    """
).bindparams(
    bindparam("choice", type_=PollAnswer.__table__.c.choice.type),
    bindparam("version", type_=PollAnswer.__table__.c.version.type),
    bindparam("updated_at", type_=PollAnswer.__table__.c.updated_at.type),
)


@dataclass(frozen=True)
class Voter:
    """A member as a poll card shows them. Plain rows, not ORM objects: the card is
    rendered on every click from every member and answer (hundreds of rows), and
    building mapped objects for them cost more than the rest of the turn."""

    id: int
    name: str
    organisation_id: int | None
    organisation_name: str | None
    active: bool
    guest: bool
    # For the card's automatic refresh (Universal Actions) and who may manage the poll.
    teams_user_id: str | None = None
    role: Role | None = None


@dataclass(frozen=True)
class AnswerRow:
    member_id: int
    option_id: int
    choice: PollChoice


async def voters(session: AsyncSession, poll: Poll) -> list[Voter]:
    """The group's active members by name, and members who answered this poll before
    they left (their answers still count), with their organisations' names."""
    answered = select(PollAnswer.member_id).where(PollAnswer.poll_id == poll.id)
    query = (
        select(
            Member.id,
            Member.name,
            Member.organisation_id,
            Organisation.name,
            Member.active,
            Member.guest,
            Member.teams_user_id,
            Member.role,
        )
        .outerjoin(Organisation, Organisation.id == Member.organisation_id)
        .where(Member.group_id == poll.group_id, or_(Member.active, Member.id.in_(answered)))
        .order_by(Member.name)
    )
    return [Voter(*row) for row in await session.execute(query)]


async def answer_rows(session: AsyncSession, poll_id: int) -> list[AnswerRow]:
    query = (
        select(PollAnswer.member_id, PollAnswer.option_id, PollAnswer.choice)
        .where(PollAnswer.poll_id == poll_id)
        .order_by(PollAnswer.id)
    )
    return [AnswerRow(*row) for row in await session.execute(query)]


async def member_answers(
    session: AsyncSession, poll_id: int, member_id: int
) -> dict[int, PollChoice]:
    """One member's answers to a poll: option id -> choice (for their own view)."""
    query = select(PollAnswer.option_id, PollAnswer.choice).where(
        PollAnswer.poll_id == poll_id, PollAnswer.member_id == member_id
    )
    return {option_id: choice for option_id, choice in await session.execute(query)}


async def member_name(session: AsyncSession, member_id: int) -> str | None:
    return await session.scalar(select(Member.name).where(Member.id == member_id))


async def close_poll(session: AsyncSession, poll: Poll, *, now: datetime, closed_by: str) -> bool:
    """Open -> closed, once: of two closers at the same moment, one wins (True)."""
    result = await session.execute(
        update(Poll)
        .where(Poll.id == poll.id, Poll.status == PollStatus.OPEN)
        .values(status=PollStatus.CLOSED, closed_at=now, closed_by=closed_by)
        .execution_options(synchronize_session=False)
    )
    changed = bool(getattr(result, "rowcount", 0))
    await session.refresh(poll)
    return changed


async def choose_options(session: AsyncSession, poll: Poll, option_ids: Sequence[int]) -> bool:
    """Mark the chosen dates and decide the poll, once (False if already decided)."""
    result = await session.execute(
        update(Poll)
        .where(Poll.id == poll.id, Poll.status != PollStatus.DECIDED)
        .values(status=PollStatus.DECIDED)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return False
    if option_ids:
        await session.execute(
            update(PollOption)
            .where(PollOption.poll_id == poll.id, PollOption.id.in_(list(option_ids)))
            .values(chosen=True)
            .execution_options(synchronize_session=False)
        )
    await session.flush()
    return True


async def set_deadline(session: AsyncSession, poll: Poll, deadline_at: datetime) -> None:
    poll.deadline_at = deadline_at
    await session.flush()


async def set_answers_revealed(session: AsyncSession, poll: Poll, revealed: bool) -> None:
    poll.answers_revealed = revealed
    await session.flush()


async def due_polls(session: AsyncSession, now: datetime, *, limit: int = 100) -> list[Poll]:
    query = (
        select(Poll)
        .options(selectinload(Poll.options))
        .where(Poll.status == PollStatus.OPEN, Poll.deadline_at <= now)
        .order_by(Poll.deadline_at, Poll.id)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def open_polls(
    session: AsyncSession, now: datetime, *, group_id: int | None = None
) -> list[Poll]:
    """Polls still taking answers (open, deadline ahead), soonest deadline first."""
    query = select(Poll).where(Poll.status == PollStatus.OPEN, Poll.deadline_at > now)
    if group_id is not None:
        query = query.where(Poll.group_id == group_id)
    return list((await session.scalars(query.order_by(Poll.deadline_at))).all())


async def answered_member_ids(session: AsyncSession, poll_id: int) -> set[int]:
    """Members who answered the poll for at least one date."""
    query = select(PollAnswer.member_id).where(PollAnswer.poll_id == poll_id)
    return set((await session.scalars(query)).all())


async def group_of_poll(session: AsyncSession, poll: Poll) -> Group | None:
    # session.get: a group already loaded in this unit of work costs no round trip.
    return await session.get(Group, poll.group_id)


async def move_option(
    session: AsyncSession,
    poll: Poll,
    option_id: int,
    *,
    starts_at: datetime,
    ends_at: datetime | None,
) -> bool:
    """Move an unanswered date of an open poll (a Sunday proposed by mistake to the
    Monday). False when the date is not the poll's, the poll is no longer open or someone
    has already answered for that date: their answer was about the old day."""
    if poll.status != PollStatus.OPEN:
        return False
    option = await session.get(PollOption, option_id)
    if option is None or option.poll_id != poll.id:
        return False
    answered = await session.scalar(
        select(PollAnswer.id).where(PollAnswer.option_id == option_id).limit(1)
    )
    if answered is not None:
        return False
    option.starts_at, option.ends_at = starts_at, ends_at
    await session.flush()
    options = list(
        (await session.scalars(select(PollOption).where(PollOption.poll_id == poll.id))).all()
    )
    ordered = sorted(options, key=lambda o: (o.starts_at, o.position))
    if [o.position for o in ordered] != sorted(o.position for o in options):
        # (poll_id, position) is unique: step through free negative numbers first.
        for index, each in enumerate(ordered):
            each.position = -(index + 1)
        await session.flush()
        for index, each in enumerate(ordered):
            each.position = index
        await session.flush()
    return True


async def unanswered_by(
    session: AsyncSession, tenant_id: str, aad_object_id: str, now: datetime
) -> list[tuple[str, Poll]]:
    """Open polls still taking answers, in the tenant's installed groups where this person
    is an active member, that they have not answered for any date (`påminnelser` in the
    personal chat): (group name, poll), soonest deadline first."""
    answered = (
        select(PollAnswer.poll_id)
        .join(Member, Member.id == PollAnswer.member_id)
        .where(Member.aad_object_id == aad_object_id)
    )
    query = (
        select(Group.name, Poll)
        .join(Group, Group.id == Poll.group_id)
        .join(Conversation, Conversation.id == Group.conversation_pk)
        .where(
            Group.tenant_id == tenant_id,
            Conversation.active.is_(True),
            Poll.status == PollStatus.OPEN,
            Poll.deadline_at > now,
            Poll.group_id.in_(membership.active_group_ids(aad_object_id)),
            Poll.id.not_in(answered),
        )
        .order_by(Poll.deadline_at, Poll.id)
    )
    return [(name, poll) for name, poll in (await session.execute(query)).tuples().all()]


async def group_of_poll_id(session: AsyncSession, tenant_id: str, poll_id: int) -> Group | None:
    """The group a poll belongs to, within one tenant: where a button pressed outside the
    group's conversation (a reminder in a personal chat) is checked."""
    query = (
        select(Group)
        .join(Poll, Poll.group_id == Group.id)
        .where(Poll.id == poll_id, Poll.tenant_id == tenant_id)
    )
    return await session.scalar(query)
