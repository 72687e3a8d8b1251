"""How the outbox is doing, for the people who should know: the organiser's `påminnelser`
overview (one group), the operator's `python -m bot status` and `/healthz?detail=1` (the
whole deployment). Counts and ages only: nothing here names a person or a text.

"Failing" means still pending after at least one failed try that was the message's
fault or the target's (a 5xx, a network error, a 401): such rows are retried with
backoff and dead-lettered after `max_attempts`. Rows only held back by rate limits,
office hours or a snooze are not failing: those delays refund the attempt.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory.models import Conversation
from storage.outbox.models import OutboxMessage, OutboxStatus

# last_error codes of delays that are nobody's fault (their attempt was refunded).
NOT_FAILURES = ("snoozed", "outside_office_hours", "rate_limited", "429", "TooManyRequests")


@dataclass(frozen=True)
class DeliveryHealth:
    queue_depth: int  # pending rows, due or not
    due_now: int  # pending rows already due
    oldest_due_age_seconds: float | None  # how long the longest-waiting due row has waited
    failing: int
    dead_letters: int
    gone_conversations: int  # conversations the bot no longer writes to (gone or removed)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def failing_condition() -> ColumnElement[bool]:
    return (
        (OutboxMessage.status == OutboxStatus.PENDING)
        & (OutboxMessage.attempts > 0)
        & OutboxMessage.last_error.is_not(None)
        & OutboxMessage.last_error.not_in(NOT_FAILURES)
    )


async def group_problems(session: AsyncSession, group_id: int) -> tuple[int, int]:
    """(failing, dead-lettered) messages of one group, in one query."""
    row = (
        await session.execute(
            select(
                func.count(OutboxMessage.id).filter(failing_condition()),
                func.count(OutboxMessage.id).filter(OutboxMessage.status == OutboxStatus.FAILED),
            ).where(OutboxMessage.group_id == group_id)
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


async def delivery_health(session: AsyncSession, *, now: datetime) -> DeliveryHealth:
    pending = OutboxMessage.status == OutboxStatus.PENDING
    due = pending & (OutboxMessage.due_at <= now)
    counts = (
        await session.execute(
            select(
                func.count(OutboxMessage.id).filter(pending),
                func.count(OutboxMessage.id).filter(due),
                func.min(OutboxMessage.due_at).filter(due),
                func.count(OutboxMessage.id).filter(failing_condition()),
                func.count(OutboxMessage.id).filter(OutboxMessage.status == OutboxStatus.FAILED),
            )
        )
    ).one()
    gone = await session.scalar(
        select(func.count(Conversation.id)).where(Conversation.active.is_(False))
    )
    oldest = counts[2]
    if oldest is not None and oldest.tzinfo is None:  # SQLite returns the aggregate naive
        oldest = oldest.replace(tzinfo=UTC)
    return DeliveryHealth(
        queue_depth=int(counts[0] or 0),
        due_now=int(counts[1] or 0),
        oldest_due_age_seconds=round((now - oldest).total_seconds(), 1) if oldest else None,
        failing=int(counts[3] or 0),
        dead_letters=int(counts[4] or 0),
        gone_conversations=int(gone or 0),
    )
