"""Shared set-up for the decision register tests: a bot with a controllable clock, an
installed team with roles, and readers for what the bot posted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.decisions.models import Decision, DecisionEvent
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.clocked_bot import Clock, clocked_bot
from tests.support.connector import LoopbackConnector
from tests.support.teams import GABRIEL, KRISTIN, MALIN, TEAM_ID, USERS, User

# Monday 23 November 2026, 10.00 in Stockholm: the timestamp of the test activities.
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class DecisionBot:
    running: RunningBot
    clock: Clock

    @property
    def connector(self) -> LoopbackConnector:
        return self.running.connector

    @property
    def url(self) -> str:
        return self.running.connector.url

    async def say(
        self, text: str, user: User = GABRIEL, scope: teams.Scope = "channel", **kw: Any
    ) -> aiohttp.ClientResponse:
        return await self.running.post(teams.message(scope, text, user, self.url, **kw))

    async def click(
        self, value: dict[str, Any], user: User = GABRIEL, *, reply_to_id: str = "activity-1"
    ) -> aiohttp.ClientResponse:
        return await self.running.post(
            teams.card_submit("channel", value, user, self.url, reply_to_id=reply_to_id)
        )

    async def invoke(self, name: str, value: dict[str, Any], user: User = GABRIEL) -> Any:
        response = await self.running.post(teams.invoke("channel", name, value, user, self.url))
        return response

    def last_card(self) -> dict[str, Any]:
        cards = self.connector.cards()
        assert cards, f"no card posted; texts: {self.connector.texts()}"
        return cards[-1]

    def last_text(self) -> str:
        texts = [t for t in self.connector.texts() if t]
        assert texts, "no text posted"
        return texts[-1]

    async def decisions(self) -> list[Decision]:
        async with self.running.sessions() as session:
            return list((await session.scalars(select(Decision).order_by(Decision.id))).all())

    async def events(self) -> list[DecisionEvent]:
        async with self.running.sessions() as session:
            query = select(DecisionEvent).order_by(DecisionEvent.id)
            return list((await session.scalars(query)).all())


@pytest.fixture(name="dbot")
async def dbot_fixture(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[DecisionBot]:
    """Like the `bot` fixture, with the app's clock under the test's control."""
    async with clocked_bot(database_url, connector, START) as running:
        yield DecisionBot(running=running, clock=running.clock)


async def install_team(bot: DecisionBot) -> None:
    """Gabriel installs (and is chair); Malin is process leader, Kristin secretary."""
    bot.connector.members[TEAM_ID] = [u.member() for u in USERS]
    await bot.running.post(teams.installation_update("channel", "add", GABRIEL, bot.url))
    await bot.say("roll Malin Palmér processledare")
    await bot.say("roll Kristin Wirén sekreterare")
    assert bot.connector.texts()[-2:] == [
        f"{MALIN.name} är nu processledare.",
        f"{KRISTIN.name} är nu sekreterare.",
    ]
    bot.connector.clear()


def card_text(card: dict[str, Any]) -> str:
    """Every text on a card, flattened, for assertions on what a user reads."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value", "label"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(found)


def facts_of(card: dict[str, Any]) -> dict[str, str]:
    return {
        fact["title"]: fact["value"]
        for block in card["body"]
        if block.get("type") == "FactSet"
        for fact in block["facts"]
    }


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["title"]: a["data"] for a in card.get("actions", [])}
