"""Failing and dead-lettered messages are visible: a WARNING (ids and codes only) when a
message starts failing and when it is dead-lettered; the organiser's `påminnelser`
card shows both counts (Swedish, English by locale); the operator sees them, with the
queue and gone conversations, in `python -m bot status` and `/healthz?detail=1`.
Through HTTP into the running bot, a real database and a loopback connector."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.outbox.dispatcher import Dispatcher, DispatchOptions
from storage.db import unit_of_work
from storage.directory.models import Group
from storage.outbox import operations as outbox
from tests.conftest import RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import MovableClock, seed_channels
from tests.support.teams import GABRIEL, TEAM_ID, TENANT, USERS

ROOT = Path(__file__).resolve().parents[2]
MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BROKEN_CHANNEL = 0  # seed_channels' first extra channel: 19:channel-0@thread.tacv2


@pytest.fixture
async def rbot(database_url: str, engine: AsyncEngine) -> AsyncIterator[RunningBot]:
    connector = RemindersConnector()
    await connector.start()
    running = await start_bot(make_settings(database_url), connector)
    yield running
    await running.http.close()
    await running.server.close()
    await connector.close()


async def install(bot: RunningBot) -> Group:
    bot.connector.members[TEAM_ID] = [u.member() for u in USERS]
    await bot.post(teams.installation_update("channel", "add", GABRIEL, bot.connector.url))
    async with bot.sessions() as session:
        group = await session.scalar(select(Group))
    assert group is not None
    return group


async def overview(bot: RunningBot, locale: str = "sv-SE") -> str:
    bot.connector.clear()
    await bot.post(
        teams.message("channel", "påminnelser", GABRIEL, bot.connector.url, locale=locale)
    )
    [card] = bot.connector.cards()
    return json.dumps(card, ensure_ascii=False)


async def health(bot: RunningBot) -> dict[str, object]:
    response = await bot.http.get(f"{bot.url}/healthz?detail=1")
    assert response.status == 200
    body = await response.json()
    outbox_health: dict[str, object] = body["outbox"]
    return outbox_health


def status_cli(database_url: str) -> tuple[int, dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env |= {"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "status", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, ageless(json.loads(result.stdout))


def ageless(figures: dict[str, object]) -> dict[str, object]:
    """The figures without the age of the oldest due row (it grows between two reads)."""
    return {name: value for name, value in figures.items() if name != "oldest_due_age_seconds"}


async def test_a_failing_then_dead_message_is_logged_shown_and_counted(
    database_url: str, rbot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    connector = rbot.connector
    assert isinstance(connector, RemindersConnector)
    group = await install(rbot)
    [(broken_pk, broken_id)] = await seed_channels(rbot.sessions, connector.url, 1)
    connector.fail_with_code(500, "InternalServerError", times=20, conversation_id=broken_id)
    async with unit_of_work(rbot.sessions) as session:
        await outbox.enqueue(
            session,
            key="poll:9:result",
            tenant_id=TENANT,
            kind="poll_result",
            due_at=MONDAY_10,
            conversation_pk=broken_pk,
            text="Resultatet",
            group_id=group.id,
        )
    clock = MovableClock(MONDAY_10)
    options = DispatchOptions(max_attempts=3, backoff_base_seconds=1, backoff_cap_seconds=4)
    dispatcher = Dispatcher(make_settings(database_url), rbot.sessions, clock, options=options)
    caplog.set_level(logging.INFO, logger="bot.outbox.dispatcher")
    try:
        assert await dispatcher.run_once() == 0
        [failing] = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert failing.getMessage().startswith("outbox message failing id=1 kind=poll_result")
        assert "code=InternalServerError" in failing.getMessage()

        card = await overview(rbot)
        assert "Har inte gått fram än" in card and "1 meddelanden (Teams svarar" in card
        assert "Kunde inte skickas" not in card
        assert (await health(rbot))["failing"] == 1
        assert status_cli(database_url) == (1, ageless(await health(rbot)))

        caplog.clear()
        for _ in range(4):  # the second try is INFO; the third fails for good
            clock.advance(seconds=10)
            await dispatcher.run_once()
    finally:
        await dispatcher.close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        "outbox dead letter id=1 kind=poll_result code=InternalServerError attempts=3"
    ]

    card = await overview(rbot)
    assert "Kunde inte skickas" in card and "1 meddelanden kom inte fram" in card
    assert "Har inte gått fram än" not in card
    english = await overview(rbot, locale="en-GB")
    assert "Could not be sent" in english and "Not delivered yet" not in english
    detail = await health(rbot)
    assert (detail["failing"], detail["dead_letters"], detail["queue_depth"]) == (0, 1, 0)
    assert status_cli(database_url) == (1, ageless(detail))


async def test_status_counts_the_queue_its_oldest_due_and_gone_conversations(
    database_url: str, rbot: RunningBot
) -> None:
    connector = rbot.connector
    assert isinstance(connector, RemindersConnector)
    group = await install(rbot)
    [(gone_pk, gone_id), (slow_pk, _)] = await seed_channels(rbot.sessions, connector.url, 2)
    connector.gone[gone_id] = (403, "BotNotInConversationRoster")
    now = datetime.now(UTC)
    async with unit_of_work(rbot.sessions) as session:
        for key, pk, due in (
            ("gone", gone_pk, now - timedelta(minutes=1)),
            ("waiting", slow_pk, now - timedelta(minutes=30)),
            ("later", slow_pk, now + timedelta(days=1)),
        ):
            await outbox.enqueue(
                session,
                key=key,
                tenant_id=TENANT,
                kind="poll_result",
                due_at=due,
                conversation_pk=pk,
                text="t",
                group_id=group.id,
            )
    # Only the gone channel's row is sent (and found gone); the others stay queued.
    dispatcher = Dispatcher(make_settings(database_url), rbot.sessions)
    try:
        async with unit_of_work(rbot.sessions) as session:
            await outbox.cancel(session, key="waiting")
            await outbox.cancel(session, key="later")
        await dispatcher.run_once()
    finally:
        await dispatcher.close()
    async with unit_of_work(rbot.sessions) as session:
        for key, due in (
            ("waiting2", now - timedelta(minutes=30)),
            ("later2", now + timedelta(days=1)),
        ):
            await outbox.enqueue(
                session,
                key=key,
                tenant_id=TENANT,
                kind="poll_result",
                due_at=due,
                conversation_pk=slow_pk,
                text="t",
                group_id=group.id,
            )
    detail = await health(rbot)
    assert (detail["queue_depth"], detail["due_now"], detail["gone_conversations"]) == (2, 1, 1)
    age = detail["oldest_due_age_seconds"]
    assert isinstance(age, float) and 29 * 60 < age < 40 * 60
    assert (detail["failing"], detail["dead_letters"]) == (0, 0)
    returncode, from_cli = status_cli(database_url)
    assert returncode == 1  # a due message has waited longer than 15 minutes
    assert from_cli["gone_conversations"] == 1 and from_cli["queue_depth"] == 2
