"""Engine and unit-of-work plumbing for SQLite (embedded default) and PostgreSQL.

SQLite notes: WAL lets readers run while one writer writes; `busy_timeout` makes a writer
wait for the lock instead of failing. That alone is not enough: a deferred transaction
that starts reading and later writes cannot wait (SQLite returns SQLITE_BUSY at once to
avoid a deadlock), which is the classic "database is locked" under concurrent turns.
So every transaction starts with BEGIN IMMEDIATE: it takes the write lock up front and
waits politely in the busy handler. Turns are short, so serialising writers is cheap.

Within one process the writers queue in the connection pool instead: SQLite's busy handler
polls the lock with sleeps growing to 100 ms, so under concurrent turns the lock stood
idle while waiters slept, and a newcomer overtook turns that had waited for seconds
(measured in bench/card_submit: p99 over 9 s). One pooled connection hands the lock on
at once and in arrival order; the busy handler is left for other processes (CLI tools).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from storage import stemming
from storage.sqlite_driver import OneHopDbapi

# The unit of work as flows see it: dialogs/ take a session from here and hand it to the
# operations of storage/, without importing SQLAlchemy themselves (see the contracts in
# pyproject.toml).
__all__ = [
    "AsyncSession",
    "create_engine",
    "create_session_factory",
    "ensure_sqlite_directory",
    "is_sqlite",
    "ping",
    "unit_of_work",
]

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
PING_AFTER_IDLE_S = 10.0
_LAST_USED = "samverkan_last_used"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_directory(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    if is_sqlite(url):
        ensure_sqlite_directory(url)
        engine = create_async_engine(
            url,
            echo=echo,
            # One thread hand-off per statement instead of four (storage/sqlite_driver.py).
            **({"module": OneHopDbapi()} if make_url(url).get_driver_name() == "aiosqlite" else {}),
            # The driver runs a transaction's statements after BEGIN IMMEDIATE on the loop's
            # thread, one call at a time (storage/sqlite_driver.py).
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            # Every transaction takes the write lock (BEGIN IMMEDIATE below), so a second
            # connection could only wait for it; waiting in the pool's queue is fair.
            pool_size=1,
            max_overflow=0,
            pool_timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
        )
        _configure_sqlite(engine)
        return engine
    # 20 kept: a burst of turns (16 clicks in flight, card refreshes, the outbox) used to
    # overflow 10, and each overflow connection was opened and closed again per turn.
    engine = create_async_engine(url, echo=echo, pool_size=20, max_overflow=10)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Test a pooled connection before use when it has been idle for a while (the server
    may have restarted or a firewall dropped it), not on every checkout: asyncpg's ping is
    three round trips (BEGIN, an empty query, ROLLBACK), which under a burst of turns cost
    more than the turns' own statements (issue #16). A connection that fails the ping
    invalidates the pool, as `pool_pre_ping` would; one used within the last
    `PING_AFTER_IDLE_S` seconds is trusted, and a restart under load costs at most the
    turn that meets it first (SQLAlchemy then renews the whole pool)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _fresh(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checkout(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_LAST_USED, 0.0) < PING_AFTER_IDLE_S:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise InvalidatePoolError(f"ping failed: {type(error).__name__}") from error


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN IMMEDIATE below is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # The decisions' FTS5 triggers call it (migration d003); every connection needs it.
        stemming.register(dbapi_connection)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def unit_of_work(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction per turn or job: commit on success, roll back on any error."""
    async with factory() as session, session.begin():
        yield session


async def ping(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True
    except Exception:  # health checks report, they do not raise
        log.warning("database ping failed", exc_info=True)
        return False
