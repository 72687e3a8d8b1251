"""Fixtures of the outbox dispatcher tests in this folder: a loopback connector with
Teams' limits, a movable clock on a working Monday morning, and a dispatcher on the
test's database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.graph.calendar_sync import OutlookCalendarSync
from bot.graph.client import GraphClient, GraphConfig
from bot.outbox.dispatcher import Dispatcher
from tests.bot.graph_support import Graph
from tests.bot.poll_meeting_support import ClockedBot, clocked_bot, install_team
from tests.conftest import make_settings
from tests.support.connector import LoopbackConnector
from tests.support.graph_standin import CLIENT_ID, CLIENT_SECRET, TENANT, GraphStandIn
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


# ---- Microsoft Graph (tests/bot/graph_support.py) ------------------------------------
@pytest.fixture
async def graph() -> AsyncIterator[Graph]:
    standin = GraphStandIn()
    await standin.start()
    sleeps: list[float] = []

    async def record_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    config = GraphConfig(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        tenant_id=TENANT,
        authority_url=standin.base,
        graph_url=standin.graph_url,
    )
    async with aiohttp.ClientSession() as http:
        client = GraphClient(
            config,
            http=http,
            ssl_context=standin.client_ssl(),
            token_http=standin.token_http(),
            sleep=record_sleep,
        )
        yield Graph(standin, client, sleeps, config)
    await standin.close()


@pytest.fixture
async def graph_bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector, graph: Graph
) -> AsyncIterator[ClockedBot]:
    """The app's scheduler runs the Outlook sync as a live service, as the app would."""
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)

        async def record_sleep(seconds: float) -> None:
            graph.sleeps.append(seconds)

        service = OutlookCalendarSync(
            graph.config,
            running.sessions,
            running.clock,
            ssl_context=graph.standin.client_ssl(),
            token_http=graph.standin.token_http(),
            sleep=record_sleep,
        )
        running.scheduler.register_service("outlook", service.run_once)
        yield running
        await service.close()
