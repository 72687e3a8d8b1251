"""SQLite's driver (storage/sqlite_driver.py): transactions
behave as before (commit keeps, rollback and errors discard, the write lock is taken by
the first statement), and a unit of work costs one hand-off to aiosqlite's thread: the
one that takes the write lock."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_session_factory, unit_of_work


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


async def _values(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return [row[0] for row in await connection.execute(text("SELECT v FROM t ORDER BY id"))]


async def test_commit_keeps_and_rollback_discards(sqlite_engine: AsyncEngine) -> None:
    sessions = create_session_factory(sqlite_engine)
    async with unit_of_work(sessions) as session:
        await session.execute(text("INSERT INTO t (v) VALUES ('kept')"))
    with pytest.raises(RuntimeError):
        async with unit_of_work(sessions) as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('discarded')"))
            raise RuntimeError("the turn failed")
    with pytest.raises(IntegrityError):
        async with unit_of_work(sessions) as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('also discarded')"))
            await session.execute(text("INSERT INTO t (v) VALUES ('kept')"))
    async with unit_of_work(sessions):
        pass  # a transaction without a statement
    assert await _values(sqlite_engine) == ["kept"]


async def test_the_first_statement_takes_the_write_lock(
    sqlite_engine: AsyncEngine, tmp_path: Path
) -> None:
    """BEGIN IMMEDIATE travels with the first statement: from then on another process
    cannot start a transaction; when it ends, it can."""
    other = sqlite3.connect(tmp_path / "driver.db", timeout=0.1, isolation_level=None)
    try:
        async with unit_of_work(create_session_factory(sqlite_engine)) as session:
            await session.execute(text("SELECT 1"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


async def test_one_hand_off_per_unit_of_work(
    sqlite_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = create_session_factory(sqlite_engine)
    async with unit_of_work(sessions) as session:  # the pool's connection exists
        await session.execute(text("SELECT 1"))
    hand_offs = 0
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal hand_offs
        hand_offs += 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    async with unit_of_work(sessions) as session:
        await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert (await session.execute(text("SELECT v FROM t"))).scalars().all() == ["a"]
    # BEGIN IMMEDIATE with the INSERT; the SELECT and COMMIT, under the write lock, on the
    # loop's thread; no ROLLBACK when the pool takes the connection back.
    assert hand_offs == 1
