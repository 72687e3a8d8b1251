"""The dispatcher sends to many conversations at once, through a real database (SQLite
and PostgreSQL) into the loopback connector: sends overlap, but never two to one
conversation, each conversation gets its messages in order (also when one of them has
to wait for a retry), and the tenant's requests per second stay under Teams' ceiling."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.dispatcher import Dispatcher, DispatchOptions
from storage.db import unit_of_work
from storage.outbox import operations as outbox
from tests.conftest import make_settings
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import MovableClock, seed_channels
from tests.support.teams import TENANT

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def fan_out(
    sessions: async_sessionmaker[AsyncSession], url: str, *, conversations: int, each: int
) -> list[str]:
    """`each` messages to every one of `conversations` channels, enqueued round-robin
    (as a rule run over many groups would); returns the channel ids."""
    channels = await seed_channels(sessions, url, conversations)
    async with unit_of_work(sessions) as session:
        for n in range(each):
            for c, (pk, _) in enumerate(channels):
                assert await outbox.enqueue(
                    session,
                    key=f"fan:{c}:{n}",
                    tenant_id=TENANT,
                    kind="poll_result",
                    due_at=MONDAY_10,
                    conversation_pk=pk,
                    text=f"channel {c} message {n}",
                )
    return [conversation_id for _, conversation_id in channels]


@pytest.fixture
async def slow_connector() -> AsyncIterator[RemindersConnector]:
    server = RemindersConnector(send_delay=0.03)
    await server.start()
    yield server
    await server.close()


async def dispatch(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    options: DispatchOptions | None = None,
) -> int:
    clock = MovableClock(MONDAY_10, follow_real_time=True)
    dispatcher = Dispatcher(make_settings(database_url), sessions, clock, options=options)
    try:
        return await dispatcher.drain(max_seconds=60, horizon_seconds=5)
    finally:
        await dispatcher.close()


async def test_sends_overlap_but_never_two_to_one_conversation_and_each_in_order(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    slow_connector: RemindersConnector,
) -> None:
    channels = await fan_out(sessions, slow_connector.url, conversations=8, each=5)
    # Batches of 12 over 8 conversations: lanes of the next batch meet lanes of the
    # previous one still sending to the same conversation.
    options = DispatchOptions(max_in_flight=4, batch_size=12)
    assert await dispatch(database_url, sessions, options) == 40
    assert 1 < slow_connector.most_in_flight <= 4
    assert slow_connector.most_in_flight_to_one_conversation == 1
    for c, channel in enumerate(channels):
        assert slow_connector.texts(channel) == [f"channel {c} message {n}" for n in range(5)]


async def test_a_throttled_message_is_not_overtaken_by_later_ones(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    slow_connector: RemindersConnector,
) -> None:
    channels = await fan_out(sessions, slow_connector.url, conversations=3, each=4)
    # Teams throttles the first send to one conversation; its later messages must wait
    # behind the retry, while the other conversations carry on.
    slow_connector.fail_with_code(
        429, "TooManyRequests", conversation_id=channels[1], retry_after=1
    )
    assert await dispatch(database_url, sessions) == 12
    assert slow_connector.throttled == 0  # only the injected 429, not the connector's limits
    for c, channel in enumerate(channels):
        assert slow_connector.texts(channel) == [f"channel {c} message {n}" for n in range(4)]


async def test_the_tenant_stays_under_teams_requests_per_second(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    strict = RemindersConnector(enforce_rate_limits=True, enforce_tenant_limit=True)
    await strict.start()
    try:
        await fan_out(sessions, strict.url, conversations=30, each=4)
        started = time.monotonic()
        assert await dispatch(database_url, sessions) == 120
        elapsed = time.monotonic() - started
    finally:
        await strict.close()
    assert strict.tenant_throttled == 0 and strict.throttled == 0
    assert sorted(strict.texts()) == sorted(
        f"channel {c} message {n}" for c in range(30) for n in range(4)
    )
    # 120 sends spaced evenly at 47 per second: the limiter really held them back.
    assert elapsed >= 119 / 47
