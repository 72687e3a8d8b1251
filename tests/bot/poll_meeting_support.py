"""Helpers for the poll and meeting tests: a bot with a controllable clock, a team with
members in organisations, and readers for the cards the loopback connector received."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from bot.app import SCHEDULER_KEY, SESSIONS_KEY, AppOptions, create_app
from bot.scheduler import Scheduler
from tests.conftest import RunningBot, make_settings
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, TEAM_ID, USERS, User

# Monday 23 November 2026, 10:00 in Stockholm: the tests' "now".
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ORGANISATIONS = {
    ANNA: "Gnesta kommun",
    MALIN: "Gnesta kommun",
    KRISTIN: "Region Sörmland",
    MARIE: "Trosa kommun",
}


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class ClockedBot(RunningBot):
    clock: Clock
    scheduler: Scheduler


async def start_clocked_bot(
    database_url: str, connector: LoopbackConnector, clock: Clock
) -> ClockedBot:
    app = create_app(
        make_settings(database_url),
        AppOptions(migrate_on_start=False, clock=clock, dispatch_outbox=False),
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return ClockedBot(
        url=str(server.make_url("")).rstrip("/"),
        http=aiohttp.ClientSession(),
        connector=connector,
        sessions=app[SESSIONS_KEY],
        server=server,
        clock=clock,
        scheduler=app[SCHEDULER_KEY],
    )


@asynccontextmanager
async def clocked_bot(database_url: str, connector: LoopbackConnector) -> AsyncIterator[ClockedBot]:
    """Use from a fixture that also requests `engine` (which empties the tables)."""
    running = await start_clocked_bot(database_url, connector, Clock())
    try:
        yield running
    finally:
        await running.http.close()
        await running.server.close()


async def install_team(bot: RunningBot, users: tuple[User, ...] = USERS) -> None:
    """Gabriel installs the bot (and becomes chair); the others state their organisations."""
    bot.connector.members[TEAM_ID] = [u.member() for u in users]
    await bot.post(teams.installation_update("channel", "add", GABRIEL, bot.connector.url))
    for user, organisation in ORGANISATIONS.items():
        if user in users:
            await bot.post(
                teams.message("channel", f"organisation {organisation}", user, bot.connector.url)
            )
    bot.connector.clear()


async def say(bot: RunningBot, user: User, text: str, **kwargs: Any) -> None:
    response = await bot.post(teams.message("channel", text, user, bot.connector.url, **kwargs))
    assert response.status == 201


async def click(
    bot: RunningBot, user: User, value: dict[str, Any], activity_id: str, **kwargs: Any
) -> None:
    activity = teams.card_submit(
        "channel", value, user, bot.connector.url, reply_to_id=activity_id, **kwargs
    )
    response = await bot.post(activity)
    assert response.status == 201


def posted_cards(bot: RunningBot) -> list[tuple[str, dict[str, Any]]]:
    return bot.connector.posted_cards()


def updated_cards(bot: RunningBot, activity_id: str | None = None) -> list[dict[str, Any]]:
    return bot.connector.updated_cards(activity_id)


def texts_of(card: dict[str, Any]) -> list[str]:
    """Every TextBlock text and fact of a card, depth first, in reading order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                found.append(str(node.get("text", "")))
            if node.get("type") == "FactSet":
                found.extend(f"{f['title']}: {f['value']}" for f in node.get("facts", []))
            for key in ("body", "items", "columns"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found


def card_text(card: dict[str, Any]) -> str:
    return "\n".join(texts_of(card))


def submit_data(card: dict[str, Any], title: str, *, near: str | None = None) -> dict[str, Any]:
    """The data of the Action.Submit titled `title` (after the TextBlock containing `near`)."""
    seen_anchor = near is None
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        nonlocal seen_anchor
        if isinstance(node, dict):
            if node.get("type") == "TextBlock" and near and near in str(node.get("text")):
                seen_anchor = True
            if node.get("type") == "Action.Submit" and node.get("title") == title and seen_anchor:
                found.append(node["data"])
            for key in ("body", "actions", "card", "items"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    assert found, f"no button {title!r}"
    return dict(found[0])


def show_card(card: dict[str, Any], title: str) -> dict[str, Any]:
    for action in card.get("actions", []):
        if action.get("type") == "Action.ShowCard" and action.get("title") == title:
            return dict(action["card"])
    raise AssertionError(f"no ShowCard {title!r}")
