"""Dispatchers as real processes against a real database and one loopback connector:
SIGKILL in the middle of sending loses nothing and repeats at most the messages in
flight; two processes on PostgreSQL send each of 500 rows exactly once; three processes
on PostgreSQL keep one tenant budget (no 429 from a connector enforcing Teams' 50/s per
tenant); a second process on the same SQLite file refuses to start."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.dispatcher import DispatchOptions
from storage import instance_lock
from storage.db import is_sqlite, unit_of_work
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import seed_channels
from tests.support.teams import TENANT

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "tests.support.reminders_dispatch_script"
IN_FLIGHT = 4


@pytest.fixture
async def slow_connector() -> AsyncIterator[RemindersConnector]:
    server = RemindersConnector(send_delay=0.05)
    await server.start()
    yield server
    await server.close()


async def seed_rows(
    sessions: async_sessionmaker[AsyncSession], url: str, *, rows: int, conversations: int
) -> None:
    channels = await seed_channels(sessions, url, conversations)
    due = datetime.now(UTC) - timedelta(minutes=1)
    async with unit_of_work(sessions) as session:
        for n in range(rows):
            pk, _ = channels[n % conversations]
            await outbox.enqueue(
                session,
                key=f"row:{n}",
                tenant_id=TENANT,
                kind="poll_result",
                due_at=due,
                conversation_pk=pk,
                text=f"message {n}",
            )


async def start(database_url: str, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        SCRIPT,
        database_url,
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


async def finish(
    process: asyncio.subprocess.Process, *, within: float
) -> tuple[int, dict[str, int]]:
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=within)
    lines = [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]
    assert process.returncode == 0, stderr.decode()[-2000:]
    return process.returncode, lines[-1]


async def wait_for_sends(connector: RemindersConnector, count: int, *, within: float) -> None:
    deadline = time.monotonic() + within
    while len(connector.sent()) < count:
        assert time.monotonic() < deadline, f"only {len(connector.sent())} sends arrived"
        await asyncio.sleep(0.02)


async def connector_idle(connector: RemindersConnector) -> None:
    deadline = time.monotonic() + 10
    while connector.in_flight.total():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)


async def status_counts(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(
                OutboxMessage.status
            )
        )
    return {status.value: count for status, count in rows.all()}


async def test_sigkill_mid_dispatch_loses_nothing_and_repeats_at_most_those_in_flight(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    slow_connector: RemindersConnector,
) -> None:
    await seed_rows(sessions, slow_connector.url, rows=60, conversations=20)
    first = await start(database_url, "--lease", "3", "--lock", "--in-flight", str(IN_FLIGHT))
    try:
        await wait_for_sends(slow_connector, 15, within=30)
    finally:
        first.send_signal(signal.SIGKILL)
        await asyncio.wait_for(first.wait(), timeout=10)
    assert first.returncode == -signal.SIGKILL
    await connector_idle(slow_connector)  # it completes what it received, as Teams does
    before_restart = len(slow_connector.sent())
    assert before_restart < 60  # it really died mid-way

    # The new process can start: the dead one's instance lock went with it.
    second = await start(database_url, "--lease", "3", "--lock", "--in-flight", str(IN_FLIGHT))
    _, result = await finish(second, within=90)

    texts = Counter(activity["text"] for activity in slow_connector.sent())
    assert set(texts) == {f"message {n}" for n in range(60)}  # nothing lost
    repeated = [text for text, count in texts.items() if count > 1]
    # Only what was in flight when the process died can have gone out twice.
    assert len(repeated) <= IN_FLIGHT and all(texts[text] == 2 for text in repeated)
    assert result["sent"] == 60 - (before_restart - len(repeated))
    assert await status_counts(sessions) == {"sent": 60}


async def test_sigkill_with_every_send_slot_busy_repeats_at_most_max_in_flight(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """The worst case the docs state (README, docs/reminders.md): killed while all
    `max_in_flight` sends (the default, 10) are at the connector, each of which the
    connector completes although its sender is dead, as Teams would."""
    in_flight = DispatchOptions().max_in_flight
    connector = RemindersConnector(send_delay=0.5)
    await connector.start()
    try:
        await seed_rows(sessions, connector.url, rows=60, conversations=30)
        first = await start(database_url, "--lease", "3", "--lock")
        try:
            deadline = time.monotonic() + 30
            while connector.in_flight.total() < in_flight:
                assert time.monotonic() < deadline, f"at most {connector.most_in_flight} at once"
                await asyncio.sleep(0.005)
        finally:
            first.send_signal(signal.SIGKILL)
            await asyncio.wait_for(first.wait(), timeout=10)
        await connector_idle(connector)  # it completes what it received, as Teams does
        second = await start(database_url, "--lease", "3", "--lock")
        await finish(second, within=90)
    finally:
        await connector.close()
    texts = Counter(activity["text"] for activity in connector.sent())
    assert set(texts) == {f"message {n}" for n in range(60)}  # nothing lost
    repeated = [text for text, count in texts.items() if count > 1]
    assert len(repeated) <= in_flight and all(texts[text] == 2 for text in repeated)
    assert await status_counts(sessions) == {"sent": 60}


async def test_two_processes_on_postgresql_send_each_row_exactly_once(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    if is_sqlite(database_url):
        pytest.skip("several instances need PostgreSQL (SQLite is single-instance)")
    connector = RemindersConnector(enforce_rate_limits=True)
    await connector.start()
    try:
        await seed_rows(sessions, connector.url, rows=500, conversations=50)
        processes = [
            await start(
                database_url,
                "--lease",
                "10",
                "--batch",
                "25",
                "--tenant-rate",
                "100",
                "--instances",
                "2",
            )
            for _ in range(2)
        ]
        results = [await finish(p, within=120) for p in processes]
    finally:
        await connector.close()
    texts = Counter(activity["text"] for activity in connector.sent())
    assert len(texts) == 500 and set(texts.values()) == {1}  # no duplicates, none missing
    sent = [result["sent"] for _, result in results]
    assert sum(sent) == 500 and min(sent) > 0  # both processes did part of the work
    # Each with half of every per-conversation budget, together they kept under Teams'.
    assert connector.throttled == 0
    assert await status_counts(sessions) == {"sent": 500}


TENANT_CEILING = 50  # Teams: requests per second per app per tenant
# The deployment's budget in this test. The bot's default is 47/s; on this test machine
# (2 cores shared with other test runs, load 8–10) a process is sometimes descheduled
# for 100–300 ms between taking its slot and its request reaching the connector, and
# the sends it held back then arrive together. 40/s leaves room for that; at 47/s 1–11
# of 1,000 sends met a 429 in such runs (retried, none lost). Without the shared budget
# the three instances would send at 3 × 40/s.
TENANT_BUDGET = 40


def busiest_second(moments: list[float]) -> int:
    """The most sends the connector accepted within any one second."""
    moments = sorted(moments)
    most, start = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_three_processes_on_postgresql_keep_one_tenant_budget(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await fan_out_from_three_processes(database_url, sessions, extra=())


async def fan_out_from_three_processes(
    database_url: str, sessions: async_sessionmaker[AsyncSession], *, extra: tuple[str, ...]
) -> None:
    """1,000 messages to one tenant from three instances, through a connector that
    answers 429 to the 51st request within a second, as Teams does per tenant (and
    enforces the per-conversation windows too). Each instance alone paces itself at the
    budget; only the shared budget in the database keeps the three together under it."""
    if is_sqlite(database_url):
        pytest.skip("several instances need PostgreSQL (SQLite is single-instance)")
    connector = RemindersConnector(enforce_rate_limits=True, enforce_tenant_limit=True)
    await connector.start()
    rows = 1000
    try:
        await seed_rows(sessions, connector.url, rows=rows, conversations=200)
        started = time.monotonic()
        processes = [
            await start(
                database_url,
                "--lease",
                "10",
                "--batch",
                "25",
                "--tenant-rate",
                str(TENANT_BUDGET),
                "--instances",
                "3",
                "--max-seconds",
                "150",
                *extra,
            )
            for _ in range(3)
        ]
        results = [await finish(p, within=180) for p in processes]
        elapsed = time.monotonic() - started  # for the report: start-up included
    finally:
        await connector.close()
    texts = Counter(activity["text"] for activity in connector.sent())
    assert len(texts) == rows and set(texts.values()) == {1}  # nothing lost or doubled
    sent = [result["sent"] for _, result in results]
    assert sum(sent) == rows and min(sent) > 0  # all three did part of the work
    busiest = busiest_second(connector.accepted_at)
    report = (
        f"429s={connector.throttled} tenant={connector.tenant_throttled} busiest={busiest} "
        f"instances={[r for _, r in results]} elapsed={elapsed:.1f}s"
    )
    assert connector.tenant_throttled == 0, report  # never over 50 per second for the tenant
    assert connector.throttled == 0, report  # nor over a conversation's windows
    assert busiest <= TENANT_CEILING, report
    assert await status_counts(sessions) == {"sent": rows}
    # Not trivially slow either: while sending, the three together used most of the budget
    # (measured from the first to the last accepted send, not counting process start-up).
    rate = rows / (connector.accepted_at[-1] - connector.accepted_at[0])
    assert rate > 0.6 * TENANT_BUDGET, f"{rate:.1f} messages per second; {report}"


async def test_second_process_on_the_same_sqlite_file_refuses_to_start(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    if not is_sqlite(database_url):
        lock = instance_lock.acquire(database_url)
        lock.release()  # PostgreSQL: no lock, several instances are allowed
        assert instance_lock.lock_path(database_url) is None
        return
    held = instance_lock.acquire(database_url)
    try:
        process = await start(database_url, "--lock", "--max-seconds", "5")
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 3
        assert "Another Samverkansboten process is already running" in stderr.decode()
        assert "PostgreSQL" in stderr.decode()
        with pytest.raises(instance_lock.InstanceLockError):
            instance_lock.acquire(database_url)
    finally:
        held.release()
    instance_lock.acquire(database_url).release()  # free again once released
