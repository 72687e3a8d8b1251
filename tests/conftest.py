"""Shared fixtures: real databases (SQLite file, PostgreSQL), the real aiohttp app served
over HTTP, and a loopback Bot Connector.

Every database test runs once per backend. PostgreSQL comes from TEST_DATABASE_URL
(default: the CI server at 127.0.0.1:5432, trust auth, database `test`); each test
session creates its own database there and drops it at the end. When PostgreSQL is not
reachable its tests are skipped, and the report header says so.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from hypothesis import HealthCheck, settings
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import SESSIONS_KEY, AppOptions, create_app
from bot.settings import Settings, normalise_database_url
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.schema import metadata as all_tables
from tests.support import teams
from tests.support.connector import LoopbackConnector

# Property tests check what holds, not how fast: on a loaded 2-core CI machine drawing
# the examples (or running one) can take seconds, which Hypothesis would otherwise
# report as a failure. Speed targets live in the benchmarks (docs/performance.md).
settings.register_profile(
    "shared_machine", suppress_health_check=[HealthCheck.too_slow], deadline=None
)
settings.load_profile("shared_machine")

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def _pg_admin_url() -> str:
    return normalise_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))


async def _pg_reachable(url: str) -> str | None:
    import asyncpg

    parsed = make_url(url)
    try:
        connection = await asyncio.wait_for(
            asyncpg.connect(
                host=parsed.host,
                port=parsed.port or 5432,
                user=parsed.username,
                password=parsed.password,
                database=parsed.database,
            ),
            timeout=3,
        )
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    await connection.close()
    return None


_PG_PROBLEM: str | None = None if os.environ.get("SKIP_POSTGRES") != "1" else "SKIP_POSTGRES=1"
if _PG_PROBLEM is None:
    _PG_PROBLEM = asyncio.run(_pg_reachable(_pg_admin_url()))


def pytest_report_header(config: pytest.Config) -> str:
    safe = make_url(_pg_admin_url()).render_as_string(hide_password=True)
    if _PG_PROBLEM:
        return f"PostgreSQL: SKIPPED ({safe} not reachable: {_PG_PROBLEM})"
    return f"PostgreSQL: testing against {safe}"


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            bool(_PG_PROBLEM), reason=f"PostgreSQL not reachable: {_PG_PROBLEM}"
        ),
    ),
]


async def _create_pg_database(admin_url: str) -> str:
    import asyncpg

    parsed = make_url(admin_url)
    name = f"samverkan_test_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
    )
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return parsed.set(database=name).render_as_string(hide_password=False)


async def _drop_pg_database(admin_url: str, name: str) -> None:
    import asyncpg

    parsed = make_url(admin_url)
    connection = await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database per backend for the whole test session."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "bot.db"
        url = f"sqlite+aiosqlite:///{path}"
        upgrade(url)
        yield url
        return
    admin = _pg_admin_url()
    url = asyncio.run(_create_pg_database(admin))
    upgrade(url)
    yield url
    asyncio.run(_drop_pg_database(admin, make_url(url).database or ""))


async def _empty_all_tables(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        existing = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    # Only migrated tables: a model without its migration fails its own tests, not all.
    tables = [t.name for t in reversed(all_tables.sorted_tables) if t.name in existing]
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await _empty_all_tables(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def connector() -> AsyncIterator[LoopbackConnector]:
    server = LoopbackConnector()
    await server.start()
    yield server
    await server.close()


class _LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Alembic logs the migrations' own descriptions, which we write and which never
        # hold user text; a short sent phrase ("a date") may occur in one by chance.
        if record.name.startswith("alembic."):
            return
        line = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(line)


def sent_text_in(lines: list[str]) -> list[tuple[str, str]]:
    """(sent text, log line) for every registered name or free text found in a line."""
    return [(sent, line) for line in lines for sent in teams.SENT_TEXT if sent in line]


@pytest.fixture(autouse=True)
def logs_carry_no_sent_text() -> Iterator[_LogCollector]:
    """Every record logged at INFO or above (the production default) during a test, from
    any logger, must be free of the display names and free text the test support layer
    sent (tests/support/teams.py registers them): logs carry ids and codes only."""
    collector = _LogCollector()
    root = logging.getLogger()
    level = root.level
    root.addHandler(collector)
    # The root logger defaults to WARNING; production runs at INFO (LOG_LEVEL).
    root.setLevel(logging.INFO if level == logging.NOTSET else min(level, logging.INFO))
    try:
        yield collector
    finally:
        root.removeHandler(collector)
        root.setLevel(level)
    leaks = sent_text_in(collector.lines)
    if leaks:
        sent, line = leaks[0]
        pytest.fail(f"a log record carries sent text {sent!r}: {line!r}", pytrace=False)


@dataclass
class RunningBot:
    url: str
    http: aiohttp.ClientSession
    connector: LoopbackConnector
    sessions: async_sessionmaker[AsyncSession]
    server: TestServer

    async def post(
        self, activity: dict[str, Any], *, headers: dict[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        response = await self.http.post(f"{self.url}/api/messages", json=activity, headers=headers)
        await response.read()
        return response


def make_settings(database_url: str, **overrides: Any) -> Settings:
    return replace(Settings(database_url=database_url), **overrides)


async def start_bot(settings: Settings, connector: LoopbackConnector) -> RunningBot:
    # Tests that need the outbox drive the dispatcher themselves, deterministically.
    app = create_app(settings, AppOptions(migrate_on_start=False, dispatch_outbox=False))
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    http = aiohttp.ClientSession()
    return RunningBot(
        url=str(server.make_url("")).rstrip("/"),
        http=http,
        connector=connector,
        sessions=app[SESSIONS_KEY],
        server=server,
    )


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[RunningBot]:
    running = await start_bot(make_settings(database_url), connector)
    yield running
    await running.http.close()
    await running.server.close()
