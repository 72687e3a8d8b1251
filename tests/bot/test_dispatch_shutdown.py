"""A normal shutdown in the middle of a send round is not an error: the app (its real
scheduler ticking the real dispatcher) is stopped while sends are under way; no record
at ERROR or above and no CancelledError traceback is logged, the sends under way
finish and are recorded, and the rest of the claim is handed back, due for the next
start. Real database (both backends), loopback connector with slow sends."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import AppOptions, create_app
from storage.db import unit_of_work
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.conftest import make_settings
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import seed_channels
from tests.support.teams import TENANT


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Iterator[Records]:
    handler = Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def cancelled_traceback(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    return isinstance(error, asyncio.CancelledError) or "CancelledError" in record.getMessage()


async def test_stopping_the_app_mid_round_logs_no_error(
    database_url: str, sessions: async_sessionmaker[AsyncSession], records: Records
) -> None:
    connector = RemindersConnector(send_delay=0.3)
    await connector.start()
    try:
        channels = await seed_channels(sessions, connector.url, 40)
        due = datetime.now(UTC) - timedelta(minutes=1)
        async with unit_of_work(sessions) as session:
            for n, (pk, _) in enumerate(channels):
                await outbox.enqueue(
                    session,
                    key=f"row:{n}",
                    tenant_id=TENANT,
                    kind="poll_result",
                    due_at=due,
                    conversation_pk=pk,
                    text=f"message {n}",
                )
        # The app as `serve` runs it: the scheduler ticks the outbox from the start.
        app = create_app(make_settings(database_url), AppOptions(migrate_on_start=False))
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        deadline = time.monotonic() + 30
        while len(connector.sent()) < 3 or not connector.in_flight.total():
            assert time.monotonic() < deadline, "the send round never started"
            await asyncio.sleep(0.01)
        await server.close()  # mid-round: sends are under way right now
    finally:
        await connector.close()

    loud = [r for r in records.records if r.levelno >= logging.ERROR or cancelled_traceback(r)]
    assert loud == [], [(r.name, r.getMessage()) for r in loud]
    assert any(r.getMessage() == "scheduler stopped" for r in records.records)

    async with sessions() as session:
        counts = dict(
            (
                await session.execute(
                    select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(
                        OutboxMessage.status
                    )
                )
            ).all()
        )
        leased = await session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.lease_owner.is_not(None))
        )
    sent = len(connector.sent())
    assert 3 <= sent < 40  # it really stopped mid-round
    assert counts == {OutboxStatus.SENT: sent, OutboxStatus.PENDING: 40 - sent}
    assert leased == 0  # what was not started was handed back, due for the next start
