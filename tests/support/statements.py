"""Counting the SQL statements a piece of work sends, through SQLAlchemy's
`before_cursor_execute` event: how the query-budget tests measure round trips."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

DIRECTORY_TABLES = ("conversations", "groups", "members", "organisations")


@contextmanager
def recorded_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every statement sent on any connection of `engine` inside the block, in order."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def engine_of(sessions: async_sessionmaker[AsyncSession]) -> AsyncEngine:
    bind = sessions.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    return bind


def writes_to(statements: list[str], tables: tuple[str, ...]) -> list[str]:
    """The INSERT/UPDATE/DELETE statements among `statements` that target one of `tables`."""
    target = re.compile(
        r"^(INSERT INTO|UPDATE|DELETE FROM) \"?(" + "|".join(tables) + r")\"?\b", re.IGNORECASE
    )
    return [s for s in statements if target.match(s)]


def reads_of(statements: list[str], table: str) -> list[str]:
    """The SELECT statements that read `table` (in FROM or a JOIN)."""
    mentions = re.compile(rf"\b(FROM|JOIN) \"?{table}\"?\b", re.IGNORECASE)
    return [s for s in statements if s.upper().startswith("SELECT") and mentions.search(s)]
