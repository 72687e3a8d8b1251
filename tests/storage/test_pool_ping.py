"""PostgreSQL's pooled connections are tested before use only after being idle
(storage/db.py): a connection the server dropped while idle is replaced without failing
the turn, and one used a moment ago is not pinged (the ping is three round trips)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.ext.asyncio import AsyncEngine

import storage.db
from storage.db import create_engine, create_session_factory, unit_of_work


@pytest.fixture
def pg_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's pool only")
    return database_url


async def _backend_pid(engine: AsyncEngine) -> int:
    async with unit_of_work(create_session_factory(engine)) as session:
        return int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)


async def test_a_connection_dropped_while_idle_is_replaced(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, admin = create_engine(pg_url), create_engine(pg_url)
    try:
        dropped = await _backend_pid(engine)
        async with admin.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
        monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_S", 0.0)  # it has been idle long
        assert await _backend_pid(engine) not in (0, dropped)
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_a_connection_used_a_moment_ago_is_not_pinged(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = 0
    original = AsyncAdapt_asyncpg_connection.ping

    def counted(self: Any) -> None:
        nonlocal pings
        pings += 1
        original(self)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", counted)
    engine = create_engine(pg_url)
    try:
        first = await _backend_pid(engine)
        assert await _backend_pid(engine) == first
        assert pings == 0
        monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_S", 0.0)
        assert await _backend_pid(engine) == first
        assert pings == 1
    finally:
        await engine.dispose()
