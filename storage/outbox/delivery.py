"""The dispatcher's side of the outbox: claim due rows under a lease, record outcomes.

Claiming is one short transaction: select due, unleased (or lease-expired) pending rows
— on PostgreSQL with FOR UPDATE SKIP LOCKED, so concurrent dispatchers in several
processes take disjoint rows without waiting for each other — and stamp them with the
claimer's id and a lease expiry. Each outcome is then recorded in its own transaction
right after the send, so a crash loses at most the knowledge about the messages in
flight (the dispatcher has up to `max_in_flight` of them): their leases expire and
another claim sends them again. Every state change is
conditional on the row still being pending and leased by the caller, so a dispatcher
whose lease ran out cannot overwrite what another one did since.

On SQLite the bot runs as one instance (storage.instance_lock), and every transaction
starts with BEGIN IMMEDIATE (storage.db), which serialises claims just as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.outbox.models import OutboxMessage, OutboxStatus


async def claim_due(
    session: AsyncSession, *, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[OutboxMessage]:
    """Lease up to `limit` due rows to `owner`; every claim counts as an attempt."""
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.due_at <= now,
            or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
        )
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list((await session.scalars(query)).all())
    for row in rows:
        row.lease_owner = owner
        row.lease_until = now + lease
        row.attempts += 1
    await session.flush()
    return rows


def _leased(message_id: int, owner: str) -> list[object]:
    return [
        OutboxMessage.id == message_id,
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.lease_owner == owner,
    ]


async def _change(session: AsyncSession, conditions: Sequence[object], **values: object) -> bool:
    result = await session.execute(
        update(OutboxMessage)
        .where(*conditions)  # type: ignore[arg-type]
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def mark_sent(
    session: AsyncSession,
    message_id: int,
    *,
    now: datetime,
    activity_id: str | None,
    via: str,
) -> bool:
    """Recorded whoever holds the lease now: it was sent, and nobody should send it again
    (if our lease had expired and another dispatcher also sent it, that is the one
    duplicate the lease design admits)."""
    return await _change(
        session,
        [OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING],
        status=OutboxStatus.SENT,
        sent_at=now,
        sent_activity_id=activity_id,
        delivered_via=via,
        lease_owner=None,
        lease_until=None,
        last_error=None,
    )


async def reschedule(
    session: AsyncSession,
    message_id: int,
    *,
    owner: str,
    due_at: datetime,
    error: str | None,
    refund_attempt: bool = False,
) -> bool:
    """Back to the queue for `due_at`; `refund_attempt` when the delay is no fault of the
    message (rate limits, office hours)."""
    values: dict[str, object] = {
        "due_at": due_at,
        "lease_owner": None,
        "lease_until": None,
        "last_error": error,
    }
    if refund_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    return await _change(session, _leased(message_id, owner), **values)


async def finish(
    session: AsyncSession, message_id: int, *, owner: str, status: OutboxStatus, error: str
) -> bool:
    """Dead-letter (FAILED) or give up on a target (DROPPED), keeping the reason code."""
    return await _change(
        session,
        _leased(message_id, owner),
        status=status,
        last_error=error,
        lease_owner=None,
        lease_until=None,
    )


async def postpone(
    session: AsyncSession, message_ids: Sequence[int], *, owner: str, behind: datetime
) -> datetime:
    """Hand back claimed rows to be due just after `behind`, each a microsecond after the
    one before it: the dispatcher claims by (due_at, id), so a conversation's later
    messages stay behind one of its messages that waits for a retry, in their order. No
    attempt counted (they were never tried). Returns when the last of them is due."""
    due_at = behind
    for message_id in message_ids:
        due_at += timedelta(microseconds=1)
        await _change(
            session,
            _leased(message_id, owner),
            due_at=due_at,
            lease_owner=None,
            lease_until=None,
            attempts=OutboxMessage.attempts - 1,
        )
    return due_at


async def release(session: AsyncSession, message_ids: Sequence[int], *, owner: str) -> int:
    """Hand back claimed rows we will not get to (shutdown, lease running short)."""
    if not message_ids:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(message_ids),
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.lease_owner == owner,
        )
        .values(lease_owner=None, lease_until=None, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def next_claimable_at(session: AsyncSession, *, scan: int) -> datetime | None:
    """The earliest moment one of the `scan` first-due pending rows becomes claimable (due
    and unleased); None when nothing is pending."""
    rows = (
        await session.execute(
            select(OutboxMessage.due_at, OutboxMessage.lease_until)
            .where(OutboxMessage.status == OutboxStatus.PENDING)
            .order_by(OutboxMessage.due_at)
            .limit(scan)
        )
    ).all()
    moments = [max(due, lease) if lease is not None else due for due, lease in rows]
    return min(moments) if moments else None
