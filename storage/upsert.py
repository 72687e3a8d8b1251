"""Get-or-insert that is safe under concurrent turns on PostgreSQL and SQLite.

Two turns can create the same row at once (a new user's first two messages, two members
naming the same organisation). The unique constraint decides; the loser re-reads the
winner's row inside a savepoint, so its own transaction goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


async def get_or_insert(
    session: AsyncSession, query: Select[Any], make: Callable[[], T]
) -> tuple[T, bool]:
    """Return (row, created)."""
    existing: T | None = await session.scalar(query)
    if existing is not None:
        return existing, False
    try:
        async with session.begin_nested():
            row = make()
            session.add(row)
            await session.flush()
        return row, True
    except IntegrityError:
        winner: T | None = await session.scalar(query)
        if winner is None:
            raise
        return winner, False
