"""Helpers for the poll and meeting tests: a bot with a controllable clock, a team with
members in organisations, and readers for the cards the loopback connector received.
The bot, clock, say and click come from tests/support/clocked_bot.py and are re-exported
(`import x as x`), so the tests import everything from this one module."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from tests.conftest import RunningBot
from tests.support import teams
from tests.support.clocked_bot import Clock as Clock
from tests.support.clocked_bot import ClockedBot as ClockedBot
from tests.support.clocked_bot import click as click
from tests.support.clocked_bot import clocked_bot as shared_clocked_bot
from tests.support.clocked_bot import execute as execute
from tests.support.clocked_bot import posted_cards as posted_cards
from tests.support.clocked_bot import refresh as refresh
from tests.support.clocked_bot import say as say
from tests.support.clocked_bot import updated_cards as updated_cards
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


@asynccontextmanager
async def clocked_bot(database_url: str, connector: LoopbackConnector) -> AsyncIterator[ClockedBot]:
    """Use from a fixture that also requests `engine` (which empties the tables)."""
    async with shared_clocked_bot(database_url, connector, START) as running:
        yield running


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
    """The data of the Action.Submit or Action.Execute titled `title` (after the TextBlock
    containing `near`)."""
    seen_anchor = near is None
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        nonlocal seen_anchor
        if isinstance(node, dict):
            if node.get("type") == "TextBlock" and near and near in str(node.get("text")):
                seen_anchor = True
            clickable = node.get("type") in ("Action.Submit", "Action.Execute")
            if clickable and node.get("title") == title and seen_anchor:
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
