"""The running bot with the app's clock under the test's control, and the two gestures
every flow test makes: say something in a conversation, click a card's button.

Feature test helpers (tests/bot/*_support.py, decision_helpers.py) build on this one
module: each adds its own team, start moment and card readers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from bot.app import SCHEDULER_KEY, SESSIONS_KEY, AppOptions, create_app
from bot.scheduler import Scheduler
from tests.conftest import RunningBot, make_settings
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import User


class Clock:
    """Frozen at `now` until the test sets or advances it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | None = None, **parts: float) -> None:
        self.now += (delta or timedelta(0)) + timedelta(**parts)


@dataclass
class ClockedBot(RunningBot):
    clock: Clock
    scheduler: Scheduler


@asynccontextmanager
async def clocked_bot(
    database_url: str, connector: LoopbackConnector, start: datetime
) -> AsyncIterator[ClockedBot]:
    """Use from a fixture that also requests `engine` (which empties the tables). The
    outbox is left to the test (no dispatcher ticks)."""
    clock = Clock(start)
    app = create_app(
        make_settings(database_url),
        AppOptions(migrate_on_start=False, clock=clock, dispatch_outbox=False),
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    running = ClockedBot(
        url=str(server.make_url("")).rstrip("/"),
        http=aiohttp.ClientSession(),
        connector=connector,
        sessions=app[SESSIONS_KEY],
        server=server,
        clock=clock,
        scheduler=app[SCHEDULER_KEY],
    )
    try:
        yield running
    finally:
        await running.http.close()
        await running.server.close()


async def say(
    bot: RunningBot, user: User, text: str, *, scope: teams.Scope = "channel", **kwargs: Any
) -> aiohttp.ClientResponse:
    response = await bot.post(teams.message(scope, text, user, bot.connector.url, **kwargs))
    assert response.status == 201
    return response


async def click(
    bot: RunningBot,
    user: User,
    value: dict[str, Any],
    activity_id: str = "activity-0",
    *,
    scope: teams.Scope = "channel",
    **kwargs: Any,
) -> aiohttp.ClientResponse:
    activity = teams.card_submit(
        scope, value, user, bot.connector.url, reply_to_id=activity_id, **kwargs
    )
    response = await bot.post(activity)
    assert response.status == 201
    return response


def posted_cards(bot: RunningBot) -> list[tuple[str, dict[str, Any]]]:
    return bot.connector.posted_cards()


def updated_cards(bot: RunningBot, activity_id: str | None = None) -> list[dict[str, Any]]:
    return bot.connector.updated_cards(activity_id)


async def execute(
    bot: RunningBot,
    user: User,
    data: dict[str, Any],
    activity_id: str = "activity-0",
    *,
    verb: str | None = None,
    scope: teams.Scope = "channel",
    **kwargs: Any,
) -> dict[str, Any]:
    """An Action.Execute click (or, with verb "refresh", the card's automatic refresh) as
    Teams sends it: an `adaptiveCard/action` invoke; returns the invoke's answer body."""
    value = {
        "action": {
            "type": "Action.Execute",
            "verb": verb or str(data.get("action", "")),
            "data": data,
        }
    }
    activity = teams.invoke(scope, "adaptiveCard/action", value, user, bot.connector.url, **kwargs)
    activity["replyToId"] = activity_id
    response = await bot.post(activity)
    assert response.status == 200
    body: dict[str, Any] = await response.json()
    return body


async def refresh(
    bot: RunningBot, user: User, card: dict[str, Any], activity_id: str = "activity-0", **kw: Any
) -> dict[str, Any]:
    """What Teams does when `user` sees `card`: the refresh invoke with the card's own
    refresh data; returns the invoke's answer body."""
    action = card["refresh"]["action"]
    return await execute(bot, user, action["data"], activity_id, verb=action["verb"], **kw)
