"""Helpers for the questionnaire tests: a bot with a controllable clock, a team with four
member organisations (contacts and deputies), card readers and the outbox rows.
The bot, clock, say and click come from tests/support/clocked_bot.py and are re-exported
(`import x as x`), so the tests import everything from this one module."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from storage.outbox.models import OutboxMessage
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.clocked_bot import Clock as Clock
from tests.support.clocked_bot import ClockedBot as ClockedBot
from tests.support.clocked_bot import click as click
from tests.support.clocked_bot import clocked_bot
from tests.support.clocked_bot import execute as execute
from tests.support.clocked_bot import posted_cards as posted_cards
from tests.support.clocked_bot import refresh as refresh
from tests.support.clocked_bot import say as say
from tests.support.clocked_bot import updated_cards as updated_cards
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, TEAM_ID, USERS, User

# Tuesday 1 September 2026, 10:00 in Stockholm.
START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
OMAR = User("Omar Haddad", "11111111-aaaa-4bbb-8ccc-000000000006")
HELENA = User("Helena Berg", "11111111-aaaa-4bbb-8ccc-000000000007")
ROSTER = (*USERS, OMAR, HELENA)
ORGANISATIONS = (
    (GABRIEL, "Region Sörmland"),
    (ANNA, "Gnesta kommun"),
    (OMAR, "Gnesta kommun"),
    (MALIN, "Trosa kommun"),
    (HELENA, "Trosa kommun"),
    (KRISTIN, "Nyköpings kommun"),
)
ISSUE_QUESTIONS = (
    "Hur ser er implementeringsplan ut?\n"
    "Hur ser arbetet med Barnets bästa-ansvarig ut?\n"
    "Hur ser arbetet ut med att införa Barnets bästa-hjulet?\n"
    "Information till chefer och medarbetare."
)


# The questionnaire tests' bot is the shared clocked bot, started on their own day.
QuestionnaireBot = ClockedBot


@asynccontextmanager
async def questionnaire_bot(
    database_url: str, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    """Use from a fixture that also requests `engine` (which empties the tables)."""
    async with clocked_bot(database_url, connector, START) as running:
        yield running


async def install_group(bot: RunningBot) -> None:
    """Gabriel installs (chair); Marie becomes process leader; four organisations, with
    Omar a substitute, so Anna answers for Gnesta with Omar as deputy, Malin for Trosa
    with Helena as deputy, Kristin for Nyköping and Gabriel for the region."""
    url = bot.connector.url
    bot.connector.members[TEAM_ID] = [u.member() for u in ROSTER]
    await bot.post(teams.installation_update("channel", "add", GABRIEL, url))
    for user, organisation in ORGANISATIONS:
        await say(bot, user, f"organisation {organisation}")
    await say(bot, GABRIEL, "roll @Marie Skarfors processledare", mentions=(MARIE,))
    await say(bot, GABRIEL, "roll @Omar Haddad ersättare", mentions=(OMAR,))
    bot.connector.clear()


def texts_of(node: Any) -> list[str]:
    """TextBlocks, facts and input labels of a card, depth first."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "TextBlock":
            found.append(str(node.get("text", "")))
        if node.get("type") == "FactSet":
            found.extend(f"{f['title']}: {f['value']}" for f in node.get("facts", []))
        if str(node.get("type", "")).startswith("Input."):
            found.append(str(node.get("label", "")))
        for key in ("body", "items", "columns"):
            found.extend(texts_of(node.get(key)))
    elif isinstance(node, list):
        for item in node:
            found.extend(texts_of(item))
    return found


def card_text(card: dict[str, Any]) -> str:
    return "\n".join(texts_of(card))


def button(card: dict[str, Any], title: str) -> dict[str, Any]:
    for action in card.get("actions", []):
        if action.get("title") == title:
            return dict(action["data"])
    raise AssertionError(
        f"no button {title!r} in {[a.get('title') for a in card.get('actions', [])]}"
    )


def inputs(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in card["body"] if str(b.get("type", "")).startswith("Input.")]


def fill(card: dict[str, Any], title: str, answers: list[str]) -> dict[str, Any]:
    """The button's data with the card's inputs filled in order, as Teams sends it."""
    data = button(card, title)
    for block, answer in zip(inputs(card), answers, strict=True):
        data[block["id"]] = answer
    return data


async def outbox_rows(bot: RunningBot, prefix: str = "questionnaire:") -> list[OutboxMessage]:
    async with bot.sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.key.startswith(prefix))
            .order_by(OutboxMessage.id)
        )
        return list(rows.all())
