"""Decision register operations: log, number, change status, list, follow up, import.

Plain async functions over an AsyncSession; the caller owns the transaction. Status
changes are conditional UPDATEs (`WHERE status = expected AND revision = expected`), so
a double click, a replayed card payload or two people clicking at once change a decision
once and write one audit row.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from storage.decisions.models import (
    CLOSED_STATUSES,
    MAX_AGENDA_ITEM,
    MAX_DECISION_TEXT,
    MAX_OWNER_TEXT,
    Decision,
    DecisionCounter,
    DecisionEvent,
    DecisionFollowUp,
    DecisionImport,
    DecisionKind,
    DecisionOwner,
    DecisionSource,
    DecisionStatus,
    reference_of,
)
from storage.directory.models import Conversation, Group, Member, Role
from storage.upsert import get_or_insert

# Which status a decision may move to from each status (the card offers exactly these).
TRANSITIONS: dict[DecisionStatus, tuple[DecisionStatus, ...]] = {
    DecisionStatus.OPEN: (DecisionStatus.IN_PROGRESS, DecisionStatus.DONE, DecisionStatus.OBSOLETE),
    DecisionStatus.IN_PROGRESS: (DecisionStatus.DONE, DecisionStatus.OBSOLETE, DecisionStatus.OPEN),
    DecisionStatus.DONE: (DecisionStatus.OPEN,),
    DecisionStatus.OBSOLETE: (DecisionStatus.OPEN,),
}
# Besides a decision's owners, these roles may change any decision's status.
STATUS_ROLES = frozenset({Role.CHAIR, Role.SECRETARY})
MAX_OWNERS = 20


class DecisionError(ValueError):
    """A decision that cannot be stored as given; `code` selects the user-facing message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewDecision:
    text: str
    item: str | None = None
    owner_member_ids: Sequence[int] = ()
    owner_text: str | None = None
    due: date | None = None
    kind: DecisionKind = DecisionKind.DECISION
    # The meeting it was taken at (minutes); it also gives the number's year.
    meeting_date: date | None = None


def _with_details(query: Select[tuple[Decision]]) -> Select[tuple[Decision]]:
    return query.options(
        selectinload(Decision.owners)
        .selectinload(DecisionOwner.member)
        .selectinload(Member.organisation),
        selectinload(Decision.logged_by),
    )


def _clean(value: str | None, limit: int, code: str) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise DecisionError(code)
    return cleaned or None


async def next_number(session: AsyncSession, group_id: int, year: int) -> int:
    """The group's next decision number for `year`. The UPDATE takes the counter row's
    write lock until the caller's transaction ends, so concurrent loggers queue here."""
    await get_or_insert(
        session,
        select(DecisionCounter).where(
            DecisionCounter.group_id == group_id, DecisionCounter.year == year
        ),
        lambda: DecisionCounter(group_id=group_id, year=year, last_number=0),
    )
    result = await session.execute(
        update(DecisionCounter)
        .where(DecisionCounter.group_id == group_id, DecisionCounter.year == year)
        .values(last_number=DecisionCounter.last_number + 1)
        .returning(DecisionCounter.last_number)
        .execution_options(synchronize_session=False)
    )
    return int(result.scalar_one())


async def create_decision(
    session: AsyncSession,
    *,
    tenant_id: str,
    group_id: int,
    new: NewDecision,
    source: DecisionSource,
    logged_by: Member,
    year: int,
    now: datetime,
    origin_key: str | None = None,
) -> tuple[Decision, bool]:
    """Store a decision with the group's next number; (decision, created). Owners must be
    active members of the same group (ids from a card are untrusted). With `origin_key`,
    a second call for the same origin returns the first call's decision."""
    text = _clean(new.text, MAX_DECISION_TEXT, "text_too_long")
    if not text:
        raise DecisionError("text_missing")
    item = _clean(new.item, MAX_AGENDA_ITEM, "item_too_long")
    owner_text = _clean(new.owner_text, MAX_OWNER_TEXT, "owner_too_long")
    owner_ids = list(dict.fromkeys(new.owner_member_ids))
    if len(owner_ids) > MAX_OWNERS:
        raise DecisionError("too_many_owners")
    if owner_ids:
        found = set(
            (
                await session.scalars(
                    select(Member.id).where(
                        Member.id.in_(owner_ids), Member.group_id == group_id, Member.active
                    )
                )
            ).all()
        )
        if found != set(owner_ids):
            raise DecisionError("unknown_owner")
    if origin_key is not None:
        origin_key = origin_key[:300]
        existing = await _by_origin(session, group_id, origin_key)
        if existing is not None:
            return existing, False
    try:
        # Number and row in one savepoint: if a concurrent twin wins the origin key, the
        # number goes back with the failed insert.
        async with session.begin_nested():
            decision = await _insert(
                session,
                tenant_id=tenant_id,
                group_id=group_id,
                year=year,
                new=replace(new, text=text, item=item, owner_text=owner_text),
                source=source,
                origin_key=origin_key,
                owner_ids=owner_ids,
                logged_by=logged_by,
                now=now,
            )
    except IntegrityError:
        existing = await _by_origin(session, group_id, origin_key) if origin_key else None
        if existing is None:
            raise
        return existing, False
    loaded = await get_decision(session, group_id, decision.id)
    assert loaded is not None
    return loaded, True


async def _by_origin(session: AsyncSession, group_id: int, origin_key: str) -> Decision | None:
    query = _with_details(
        select(Decision).where(Decision.group_id == group_id, Decision.origin_key == origin_key)
    )
    return await session.scalar(query)


async def _insert(
    session: AsyncSession,
    *,
    tenant_id: str,
    group_id: int,
    year: int,
    new: NewDecision,
    source: DecisionSource,
    origin_key: str | None,
    owner_ids: Sequence[int],
    logged_by: Member,
    now: datetime,
) -> Decision:
    decision = Decision(
        tenant_id=tenant_id,
        group_id=group_id,
        year=year,
        number=await next_number(session, group_id, year),
        item=new.item,
        text=new.text,
        owner_text=new.owner_text,
        due=new.due,
        kind=new.kind,
        meeting_date=new.meeting_date,
        status=DecisionStatus.OPEN,
        revision=0,
        source=source,
        origin_key=origin_key,
        logged_by_member_id=logged_by.id,
        logged_by_aad_id=logged_by.aad_object_id,
        created_at=now,
        updated_at=now,
    )
    session.add(decision)
    await session.flush()
    session.add_all(DecisionOwner(decision_id=decision.id, member_id=i) for i in owner_ids)
    session.add(
        DecisionEvent(
            decision_id=decision.id,
            at=now,
            actor_member_id=logged_by.id,
            actor_aad_id=logged_by.aad_object_id,
            from_status=None,
            to_status=DecisionStatus.OPEN,
            revision=0,
        )
    )
    await session.flush()
    return decision


async def get_decision(session: AsyncSession, group_id: int, decision_id: int) -> Decision | None:
    """A decision of this group only: an id from another group's card is 'not found'."""
    query = _with_details(
        select(Decision).where(Decision.id == decision_id, Decision.group_id == group_id)
    ).execution_options(populate_existing=True)
    return await session.scalar(query)


async def find_by_reference(
    session: AsyncSession, group_id: int, year: int, number: int
) -> Decision | None:
    query = _with_details(
        select(Decision).where(
            Decision.group_id == group_id, Decision.year == year, Decision.number == number
        )
    )
    return await session.scalar(query)


async def decisions_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Decision]:
    """In the order of `ids` (search ranks them). The same details as `_with_details`,
    but joined into one statement: a page of search hits is small, and on a busy
    database each of selectinload's extra round trips costs more than the joined rows."""
    if not ids:
        return []
    query = (
        select(Decision)
        .where(Decision.id.in_(ids))
        .options(
            joinedload(Decision.owners)
            .joinedload(DecisionOwner.member)
            .joinedload(Member.organisation),
            joinedload(Decision.logged_by),
        )
    )
    found = {d.id: d for d in (await session.scalars(query)).unique().all()}
    return [found[i] for i in ids if i in found]


def may_change_status(decision: Decision, member: Member | None) -> bool:
    """Owners, the chair and the secretary; always from the stored member (tenant + AAD
    id), never from a name or a payload field."""
    if member is None or not member.active or member.group_id != decision.group_id:
        return False
    if member.role in STATUS_ROLES:
        return True
    return any(owner.member_id == member.id for owner in decision.owners)


async def change_status(
    session: AsyncSession,
    decision: Decision,
    *,
    to: DecisionStatus,
    expected_from: DecisionStatus,
    expected_revision: int,
    actor: Member,
    now: datetime,
) -> bool:
    """Move the decision from `expected_from` (at `expected_revision`) to `to`. False, and
    nothing written, when it is no longer in that state: the click was replayed or
    someone else was faster; the caller just shows the current card."""
    if to not in TRANSITIONS[expected_from]:
        raise DecisionError("transition_not_allowed")
    result = await session.execute(
        update(Decision)
        .where(
            Decision.id == decision.id,
            Decision.status == expected_from,
            Decision.revision == expected_revision,
        )
        .values(
            status=to,
            revision=Decision.revision + 1,
            updated_at=now,
            closed_at=now if to in CLOSED_STATUSES else None,
        )
        .execution_options(synchronize_session=False)
    )
    if int(getattr(result, "rowcount", 0) or 0) != 1:
        return False
    session.add(
        DecisionEvent(
            decision_id=decision.id,
            at=now,
            actor_member_id=actor.id,
            actor_aad_id=actor.aad_object_id,
            from_status=expected_from,
            to_status=to,
            revision=expected_revision + 1,
        )
    )
    await session.flush()
    return True


async def events_of(session: AsyncSession, decision_id: int) -> list[DecisionEvent]:
    query = (
        select(DecisionEvent)
        .where(DecisionEvent.decision_id == decision_id)
        .order_by(DecisionEvent.revision)
    )
    return list((await session.scalars(query)).all())


async def register_for_archive(
    session: AsyncSession, group_id: int, *, meeting_date: date | None = None
) -> list[tuple[Decision, list[tuple[DecisionEvent, str | None]]]]:
    """Every entry of a group's register (or those taken at the meeting on
    `meeting_date`), in number order, each with its status history and the name of who
    made each change (None when that member is gone): the archival export. Two queries,
    whatever the size of the register."""
    query = select(Decision).where(Decision.group_id == group_id)
    if meeting_date is not None:
        query = query.where(Decision.meeting_date == meeting_date)
    found = list((await session.scalars(_with_details(query))).all())
    found.sort(key=lambda d: (d.year, d.number))
    history: dict[int, list[tuple[DecisionEvent, str | None]]] = {d.id: [] for d in found}
    if found:
        rows = await session.execute(
            select(DecisionEvent, Member.name)
            .outerjoin(Member, Member.id == DecisionEvent.actor_member_id)
            .where(DecisionEvent.decision_id.in_(list(history)))
            .order_by(DecisionEvent.decision_id, DecisionEvent.revision)
        )
        for event, name in rows.tuples().all():
            history[event.decision_id].append((event, name))
    return [(decision, history[decision.id]) for decision in found]


async def set_card_activity(session: AsyncSession, decision_id: int, activity_id: str) -> None:
    await session.execute(
        update(Decision)
        .where(Decision.id == decision_id)
        .values(card_activity_id=activity_id)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class DecisionFilter:
    statuses: Collection[DecisionStatus] = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)
    # Decisions owned by any of these members (None: no owner filter).
    owner_member_ids: Collection[int] | None = None
    # Decisions with an owner from any of these organisations (None: no filter).
    organisation_ids: Collection[int] | None = None


def is_overdue(decision: Decision, today: date) -> bool:
    return (
        decision.due is not None and decision.due < today and decision.status not in CLOSED_STATUSES
    )


def overdue_first(decisions: Sequence[Decision], today: date) -> list[Decision]:
    """Overdue first (oldest due date first), then by due date, undated last, then by
    number. Sorted here rather than in SQL because NULL ordering differs per backend."""
    return sorted(
        decisions,
        key=lambda d: (
            not is_overdue(d, today),
            d.due is None,
            d.due or date.max,
            d.year,
            d.number,
        ),
    )


async def list_decisions(
    session: AsyncSession, group_id: int, filters: DecisionFilter, today: date
) -> list[Decision]:
    """A group's decisions matching `filters`, overdue first. A group logs tens to a few
    hundred decisions a year, so the whole selection is ordered in memory."""
    query = select(Decision).where(Decision.group_id == group_id)
    if filters.statuses:
        query = query.where(Decision.status.in_(list(filters.statuses)))
    if filters.owner_member_ids is not None:
        query = query.where(
            Decision.id.in_(
                select(DecisionOwner.decision_id).where(
                    DecisionOwner.member_id.in_(list(filters.owner_member_ids))
                )
            )
        )
    if filters.organisation_ids is not None:
        query = query.where(
            Decision.id.in_(
                select(DecisionOwner.decision_id)
                .join(Member, Member.id == DecisionOwner.member_id)
                .where(Member.organisation_id.in_(list(filters.organisation_ids)))
            )
        )
    decisions = (await session.scalars(_with_details(query))).all()
    return overdue_first(decisions, today)


async def follow_up_selection(
    session: AsyncSession, group_id: int, *, closed_since: datetime
) -> tuple[list[Decision], list[Decision]]:
    """(open or in progress, closed at or after `closed_since`) for the follow-up list."""
    open_query = select(Decision).where(
        Decision.group_id == group_id,
        Decision.status.in_([DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS]),
    )
    closed_query = select(Decision).where(
        Decision.group_id == group_id,
        Decision.status.in_(list(CLOSED_STATUSES)),
        Decision.closed_at >= closed_since,
    )
    still_open = list((await session.scalars(_with_details(open_query))).all())
    closed = list((await session.scalars(_with_details(closed_query))).all())
    closed.sort(key=lambda d: (d.year, d.number))
    return still_open, closed


async def last_follow_up(
    session: AsyncSession, group_id: int, *, before: datetime
) -> datetime | None:
    """When the follow-up list was last made before `before`."""
    query = (
        select(DecisionFollowUp.at)
        .where(DecisionFollowUp.group_id == group_id, DecisionFollowUp.at < before)
        .order_by(DecisionFollowUp.at.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def record_follow_up(session: AsyncSession, group_id: int, now: datetime) -> None:
    session.add(DecisionFollowUp(group_id=group_id, at=now))
    await session.flush()


async def due_between(session: AsyncSession, first: date, last: date) -> list[Decision]:
    """Open and in-progress decisions of every group due in [first, last] (reminders)."""
    query = select(Decision).where(
        Decision.status.in_([DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS]),
        and_(Decision.due >= first, Decision.due <= last),
    )
    return list((await session.scalars(_with_details(query))).all())


async def open_due_by(
    session: AsyncSession, group_id: int, last: date, *, limit: int
) -> list[Decision]:
    """A group's open and in-progress decisions due on or before `last` (overdue ones
    included), earliest due date first, at most `limit` (the weekly digest)."""
    query = (
        select(Decision)
        .where(
            Decision.group_id == group_id,
            Decision.status.in_((DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)),
            Decision.due.is_not(None),
            Decision.due <= last,
        )
        .order_by(Decision.due, Decision.number)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def open_items_due_before(
    session: AsyncSession, group_id: int, before: date
) -> list[Decision]:
    """A group's open and in-progress decisions and tasks to follow up at a meeting on
    `before`: due on or before that day, or with no due date (an undated open item is
    followed up at every meeting until it is closed). Owners loaded; earliest due date
    first, undated last, then by number."""
    query = select(Decision).where(
        Decision.group_id == group_id,
        Decision.status.in_((DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)),
        or_(Decision.due.is_(None), Decision.due <= before),
    )
    items = (await session.scalars(_with_details(query))).all()
    return sorted(items, key=lambda d: (d.due is None, d.due or date.max, d.year, d.number))


async def open_owned_by(
    session: AsyncSession, tenant_id: str, aad_object_id: str, today: date
) -> list[tuple[str, Decision]]:
    """The open and in-progress decisions, in every group of the tenant still installed,
    that this person is responsible for (`mina beslut`): (group name, decision), by group
    name and then overdue first."""
    owned = (
        select(DecisionOwner.decision_id)
        .join(Member, Member.id == DecisionOwner.member_id)
        .where(Member.aad_object_id == aad_object_id, Member.active.is_(True))
    )
    query = (
        select(Group.name, Decision)
        .join(Group, Group.id == Decision.group_id)
        .join(Conversation, Conversation.id == Group.conversation_pk)
        .where(
            Group.tenant_id == tenant_id,
            Conversation.active.is_(True),
            Decision.status.in_((DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)),
            Decision.id.in_(owned),
        )
        .options(
            selectinload(Decision.owners).selectinload(DecisionOwner.member),
            selectinload(Decision.logged_by),
        )
    )
    rows = (await session.execute(query)).tuples().all()
    by_group: dict[str, list[Decision]] = {}
    for name, decision in rows:
        by_group.setdefault(name, []).append(decision)
    return [
        (name, decision)
        for name in sorted(by_group, key=str.casefold)
        for decision in overdue_first(by_group[name], today)
    ]


# ---- pending imports from minutes -------------------------------------------------------

_NOT_WORD = re.compile(r"[^\w]+|_")


def normalised_text(text: str) -> str:
    """What makes two entries the same: their words, ignoring case, punctuation, spacing
    and Unicode form ("Beslut; Gabriel kontaktar …" == "beslut gabriel kontaktar …")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def minutes_origin(text: str, meeting_date: date | None) -> str:
    """The origin key of an entry imported from minutes: the same normalised text from
    the same meeting is the same entry. The unique (group_id, origin_key) constraint makes
    a second import of it (a re-import, two confirms at once) find the first instead of
    storing a twin."""
    basis = f"{meeting_date.isoformat() if meeting_date else '-'}\n{normalised_text(text)}"
    return "minutes:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()


async def registered_origins(
    session: AsyncSession, group_id: int, origin_keys: Collection[str]
) -> dict[str, str]:
    """Which of `origin_keys` the group's register already holds: key -> reference."""
    if not origin_keys:
        return {}
    rows = await session.execute(
        select(Decision.origin_key, Decision.year, Decision.number).where(
            Decision.group_id == group_id, Decision.origin_key.in_(list(origin_keys))
        )
    )
    return {str(key): reference_of(year, number) for key, year, number in rows.all()}


async def already_registered(
    session: AsyncSession, group_id: int, references: Collection[tuple[int, int]]
) -> tuple[set[tuple[int, int]], dict[str, str]]:
    """What a returned minutes draft may repeat from the register: which of
    `references` ((year, number)) the group has, and its open entries by normalised text
    -> reference (a draft lists them; a torn-up table can lose their numbers)."""
    known: set[tuple[int, int]] = set()
    if references:
        rows = await session.execute(
            select(Decision.year, Decision.number).where(
                Decision.group_id == group_id,
                Decision.year.in_({year for year, _ in references}),
                Decision.number.in_({number for _, number in references}),
            )
        )
        known = {(year, number) for year, number in rows.tuples().all()} & set(references)
    texts = await session.execute(
        select(Decision.text, Decision.year, Decision.number).where(
            Decision.group_id == group_id,
            Decision.status.in_((DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)),
        )
    )
    return known, {
        normalised_text(text): reference_of(year, number) for text, year, number in texts.all()
    }


async def create_import(
    session: AsyncSession,
    *,
    tenant_id: str,
    group_id: int,
    created_by_aad_id: str,
    payload: str,
    now: datetime,
) -> DecisionImport:
    pending = DecisionImport(
        token=secrets.token_urlsafe(24),
        tenant_id=tenant_id,
        group_id=group_id,
        created_by_aad_id=created_by_aad_id,
        payload=payload,
        created_at=now,
    )
    session.add(pending)
    await session.flush()
    return pending


async def find_import(session: AsyncSession, group_id: int, token: str) -> DecisionImport | None:
    return await session.scalar(
        select(DecisionImport).where(
            DecisionImport.token == token, DecisionImport.group_id == group_id
        )
    )


async def claim_import(session: AsyncSession, pending: DecisionImport, now: datetime) -> bool:
    """Mark the import used; True for exactly one caller, however often confirm arrives."""
    result = await session.execute(
        update(DecisionImport)
        .where(DecisionImport.id == pending.id, DecisionImport.confirmed_at.is_(None))
        .values(confirmed_at=now, payload="{}")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


async def group_of_decision(
    session: AsyncSession, tenant_id: str, decision_id: int
) -> Group | None:
    """The group a decision belongs to, within one tenant: where a button pressed outside
    the group's conversation (a reminder in a personal chat) is checked."""
    query = (
        select(Group)
        .join(Decision, Decision.group_id == Group.id)
        .where(Decision.id == decision_id, Decision.tenant_id == tenant_id)
    )
    return await session.scalar(query)
