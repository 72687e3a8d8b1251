"""Fixtures of the outbox dispatcher tests in this folder: a loopback connector with
Teams' limits, a movable clock on a working Monday morning, and a dispatcher on the
test's database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.dispatcher import Dispatcher
from tests.conftest import make_settings
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import MONDAY_10, MovableClock


@pytest.fixture
async def rconnector() -> AsyncIterator[RemindersConnector]:
    server = RemindersConnector()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(MONDAY_10)


@pytest.fixture
async def dispatcher(
    database_url: str, sessions: async_sessionmaker[AsyncSession], clock: MovableClock
) -> AsyncIterator[Dispatcher]:
    running = Dispatcher(make_settings(database_url), sessions, clock)
    yield running
    await running.close()
