"""Teams' rate limits: our limiter keeps a burst under them (a connector that enforces
them as sliding windows never has to answer 429), and when Teams does answer 429 the
dispatcher honours Retry-After and still delivers every message exactly once."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from limits import RateLimitItemPerSecond
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.dispatcher import Dispatcher, DispatchOptions
from bot.outbox.rate_limit import OutboundLimiter, RateLimits
from bot.teams.proactive import Result, classify
from storage.db import unit_of_work
from storage.outbox import operations as outbox
from tests.conftest import make_settings
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import MovableClock, seed_world
from tests.support.teams import TEAM_ID, TENANT

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
async def strict_connector() -> AsyncIterator[RemindersConnector]:
    server = RemindersConnector(enforce_rate_limits=True)
    await server.start()
    yield server
    await server.close()


async def burst(sessions: async_sessionmaker[AsyncSession], pk: int, count: int) -> None:
    async with unit_of_work(sessions) as session:
        for n in range(count):
            await outbox.enqueue(
                session,
                key=f"burst:{n}",
                tenant_id=TENANT,
                kind="poll_result",
                due_at=START,
                conversation_pk=pk,
                text=f"message {n}",
            )


async def test_a_burst_to_one_conversation_stays_under_teams_limits(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    strict_connector: RemindersConnector,
) -> None:
    world = await seed_world(sessions, strict_connector.url)
    await burst(sessions, world.channel_pk, 16)
    clock = MovableClock(START, follow_real_time=True)
    dispatcher = Dispatcher(make_settings(database_url), sessions, clock)
    started = time.monotonic()
    try:
        assert await dispatcher.drain(max_seconds=30, horizon_seconds=5) == 16
    finally:
        await dispatcher.close()
    elapsed = time.monotonic() - started
    assert strict_connector.throttled == 0
    assert len(strict_connector.sent(TEAM_ID)) == 16
    # 16 sends at no more than 7 per 2 s need at least 4 s: the limiter really waited.
    assert elapsed >= 4.0


async def test_teams_429_is_honoured_and_nothing_is_lost_or_doubled(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    strict_connector: RemindersConnector,
) -> None:
    world = await seed_world(sessions, strict_connector.url)
    await burst(sessions, world.channel_pk, 20)
    clock = MovableClock(START, follow_real_time=True)
    # Our own limiter switched off, so only Teams (the connector) pushes back.
    loose = RateLimits(
        per_conversation=(RateLimitItemPerSecond(1000, 1),),
        per_tenant=(RateLimitItemPerSecond(1000, 1),),
    )
    dispatcher = Dispatcher(
        make_settings(database_url), sessions, clock, options=DispatchOptions(limits=loose)
    )
    try:
        assert await dispatcher.drain(max_seconds=40, horizon_seconds=5) == 20
    finally:
        await dispatcher.close()
    assert strict_connector.throttled > 0
    texts = Counter(strict_connector.texts(TEAM_ID))
    assert texts == Counter(f"message {n}" for n in range(20))


async def test_tenant_budget_is_shared_by_all_conversations_and_evenly_spaced() -> None:
    now = [1000.0]
    limiter = OutboundLimiter(
        RateLimits(
            per_conversation=(RateLimitItemPerSecond(100, 1),),
            per_tenant=(RateLimitItemPerSecond(5, 1),),
        ),
        monotonic=lambda: now[0],
    )
    assert await limiter.reserve("tenant-a", "conversation-0") == 0
    # No burst: the next send of the tenant, to any conversation, waits its 1/5 s.
    assert await limiter.reserve("tenant-a", "conversation-1") == pytest.approx(0.2)
    assert await limiter.reserve("tenant-b", "conversation-1") == 0  # another tenant's budget
    for n in range(1, 5):
        now[0] += 0.2
        assert await limiter.reserve("tenant-a", f"conversation-{n}") == 0
    # Five within the moving second: the sixth waits until the first leaves the window.
    now[0] += 0.1
    assert await limiter.reserve("tenant-a", "conversation-9") == pytest.approx(0.1)
    # A refused reservation charged nothing: five more fit in the next second.
    for _ in range(5):
        now[0] += 0.2
        assert await limiter.reserve("tenant-a", "conversation-x") == 0


async def test_a_paused_conversation_waits_for_its_retry_after() -> None:
    limiter = OutboundLimiter()
    limiter.pause("c", 0.3)
    assert 0 < await limiter.reserve("t", "c") <= 0.3
    assert await limiter.reserve("t", "other") == 0
    assert await limiter.acquire("t", "c", max_wait=0.1) > 0  # too long: the caller defers
    assert await limiter.acquire("t", "c", max_wait=1.0) == 0  # waited it out


@pytest.mark.parametrize(
    ("status", "code", "updating", "result"),
    [
        (429, "", False, Result.RETRY),
        (412, "", False, Result.RETRY),
        (500, "", False, Result.RETRY),
        (502, "", False, Result.RETRY),
        (503, "", False, Result.RETRY),
        (504, "", False, Result.RETRY),
        (403, "ConversationBlockedByUser", False, Result.GONE),
        (403, "BotNotInConversationRoster", False, Result.GONE),
        (403, "MessageWritesBlocked", False, Result.GONE),
        (404, "ConversationNotFound", False, Result.GONE),
        (404, "ConversationNotFound", True, Result.GONE),
        (404, "ActivityNotFound", True, Result.REJECTED),  # the card was deleted, not the chat
        (400, "BadArgument", False, Result.REJECTED),
        (413, "", False, Result.REJECTED),
        (401, "", False, Result.RETRY),  # our credentials: never write conversations off
        (403, "", False, Result.RETRY),
    ],
)
def test_connector_answers_are_classified(
    status: int, code: str, updating: bool, result: Result
) -> None:
    outcome = classify(status, code, {"Retry-After": "3"}, updating=updating)
    assert outcome.result == result
    if status == 429:
        assert outcome.throttled and outcome.retry_after == 3.0
    assert outcome.code == (code or str(status))


def test_retry_after_that_is_not_a_number_falls_back_to_backoff() -> None:
    outcome = classify(503, "", {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, updating=False)
    assert outcome.result == Result.RETRY and outcome.retry_after is None


async def test_backoff_grows_exponentially_with_jitter_and_a_cap(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    options = DispatchOptions(backoff_base_seconds=10, backoff_cap_seconds=300)
    dispatcher = Dispatcher(make_settings(database_url), sessions, options=options)
    for attempt, ceiling in [(1, 10), (2, 20), (3, 40), (6, 300), (12, 300)]:
        delays = [dispatcher.backoff(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jitter
    assert timedelta(seconds=dispatcher.backoff(1)) < timedelta(seconds=11)


def test_several_instances_share_the_conversation_budgets_and_keep_the_tenants_whole() -> None:
    def shape(items: tuple[object, ...]) -> list[tuple[int, int]]:
        return [(i.amount, i.get_expiry()) for i in items]  # type: ignore[attr-defined]

    one = RateLimits()
    assert shape(one.per_conversation) == [(6, 1), (7, 2), (50, 30), (1600, 3600)]
    assert shape(one.per_tenant) == [(47, 1)]
    two = RateLimits.for_instances(2)
    assert shape(two.per_conversation) == [(3, 1), (3, 2), (25, 30), (800, 3600)]
    # The tenant's budget is shared through the database (bot/outbox/tenant_budget.py).
    assert shape(two.per_tenant) == [(47, 1)]
