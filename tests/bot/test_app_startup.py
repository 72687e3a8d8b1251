"""Start-up of the real app (create_app + its lifecycle, over HTTP): what fell due while
the bot was down goes out with the first outbox tick, right after start, not one tick
interval later (issue #8: restart with 10,000 pending reminders)."""

from __future__ import annotations

import asyncio
import gc
import time
from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import OUTBOX_TICK_SECONDS, AppOptions, create_app
from bot.cli.main import main
from storage.db import unit_of_work
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxStatus
from tests.conftest import make_settings
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import MovableClock, seed_world
from tests.support.teams import TENANT

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def test_first_outbox_tick_runs_right_after_start(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    connector = RemindersConnector()
    await connector.start()
    world = await seed_world(sessions, connector.url)
    async with unit_of_work(sessions) as session:
        for number, minutes_late in enumerate((90, 5)):
            await outbox.enqueue(
                session,
                key=f"poll:{number}:result",
                tenant_id=TENANT,
                kind="poll_result",
                due_at=NOW - timedelta(minutes=minutes_late),
                conversation_pk=world.channel_pk,
                text=f"result {number}",
            )
        # Not due yet: the first tick must leave it alone.
        await outbox.enqueue(
            session,
            key="poll:later:result",
            tenant_id=TENANT,
            kind="poll_result",
            due_at=NOW + timedelta(days=3),
            conversation_pk=world.channel_pk,
            text="later",
        )
    app = create_app(
        make_settings(database_url),
        AppOptions(migrate_on_start=False, clock=MovableClock(NOW)),
    )
    server = TestServer(app, host="127.0.0.1")
    started = time.monotonic()
    await server.start_server()
    try:
        # Well inside one interval: with the first tick one interval after start, this
        # would time out.
        async with asyncio.timeout(OUTBOX_TICK_SECONDS / 2):
            while len(connector.texts()) < 2:
                connector.changed.clear()
                await connector.changed.wait()
        delay = time.monotonic() - started
    finally:
        await server.close()
        await connector.close()
    assert delay < OUTBOX_TICK_SECONDS / 2
    assert connector.texts() == ["result 0", "result 1"]  # oldest first
    async with sessions() as session:
        later = await outbox.find(session, "poll:later:result")
    assert later is not None and later.status == OutboxStatus.PENDING


def test_a_tool_runs_with_the_garbage_collector_back_on() -> None:
    """`python -m bot` turns the collector off for its imports (bot/__main__.py); a tool
    that then reads a large roster or export must not run without it."""
    gc.disable()
    try:
        assert main(["dates", "--today", "2026-11-23", "24/11"]) == 0
        assert gc.isenabled()
    finally:
        gc.enable()
