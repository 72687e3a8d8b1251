"""Teams' per-tenant send budget (50 requests per second per app) held by the whole
deployment on PostgreSQL, however many instances send.

The budget is a grid of send slots, `spacing` seconds apart, kept as one row per tenant:
`next_slot` is the moment (seconds since the epoch, by the database's clock) from which
the next slot is free. An instance reserves `count` slots with one conditional UPDATE
that moves `next_slot` forward by `count` slots (from now, if it lay in the past), so
no two instances ever get the same slot, whatever their number, and an instance that
stops simply stops reserving: the others get its share at once. Moments are read
against the database's clock in the same statement, so the instances' own clocks may
disagree. A reservation further ahead than the caller would wait is not made, so a
waiting send never holds slots it will not use.

What it does not do: it spaces sends, it cannot make them arrive spaced. Each instance
sends at its slot; the network and the connector's thread pool add their jitter, which
the gap between our rate and Teams' absorbs (bot/outbox/rate_limit.py). A slot an
instance reserved but could not use in time is lost, not handed on: the budget errs on
the slow side. SQLite runs one instance and keeps the in-process limiter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Float, cast, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.outbox.models import OutboxTenantBudget


@dataclass(frozen=True)
class Reserved:
    """`count` slots, the first at `first` (seconds since the epoch by the database's
    clock), then one every `spacing` seconds; `db_now` is when the statement ran."""

    first: float
    count: int
    db_now: float


@dataclass(frozen=True)
class Busy:
    """No slot within the horizon: the next one is free in `wait` seconds."""

    wait: float


def _db_now() -> ColumnElement[float]:
    # The statement's start by the server's clock: one value however often it is used.
    return cast(func.extract("epoch", func.statement_timestamp()), Float)


async def ensure_budget(session: AsyncSession, tenant_id: str) -> None:
    # Imported here: only a PostgreSQL deployment needs this dialect loaded.
    from sqlalchemy.dialects.postgresql import insert

    await session.execute(
        insert(OutboxTenantBudget)
        .values(tenant_id=tenant_id, next_slot=0.0)
        .on_conflict_do_nothing(index_elements=["tenant_id"])
    )


async def reserve_slots(
    session: AsyncSession, tenant_id: str, *, count: int, spacing: float, horizon: float
) -> Reserved | Busy | None:
    """Reserve `count` consecutive slots if the first is free within `horizon` seconds;
    None when the tenant has no budget row yet (`ensure_budget` first). PostgreSQL only."""
    now = _db_now()
    table = OutboxTenantBudget
    advanced = (
        await session.execute(
            update(table)
            .where(table.tenant_id == tenant_id, table.next_slot <= now + horizon)
            .values(next_slot=func.greatest(table.next_slot, now) + count * spacing)
            .returning(table.next_slot, now)
            .execution_options(synchronize_session=False)
        )
    ).first()
    if advanced is not None:
        next_slot, db_now = advanced
        return Reserved(first=float(next_slot) - count * spacing, count=count, db_now=float(db_now))
    current = (
        await session.execute(select(table.next_slot, now).where(table.tenant_id == tenant_id))
    ).first()
    if current is None:
        return None
    next_slot, db_now = current
    return Busy(wait=max(0.001, float(next_slot) - float(db_now)))
