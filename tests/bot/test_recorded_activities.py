"""Replay activities recorded from the Microsoft 365 Agents Playground (tests/fixtures/
activities) through HTTP, with their serviceUrl pointed at the loopback connector."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.directory.models import Conversation, ConversationKind, Group
from tests.conftest import RunningBot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activities"
PLAYGROUND_TEAM = "team-samverkan-sormland"


def recorded(name: str, service_url: str) -> dict[str, Any]:
    activity: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    activity["serviceUrl"] = service_url
    return activity


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
async def test_every_recorded_activity_is_accepted(bot: RunningBot, path: Path) -> None:
    response = await bot.post(recorded(path.stem, bot.connector.url))
    assert response.status in (200, 201)


async def test_recorded_team_install_then_mentions_in_threads_share_one_group(
    bot: RunningBot,
) -> None:
    url = bot.connector.url
    bot.connector.members[PLAYGROUND_TEAM] = [
        {
            "id": "user-id-0",
            "name": "Gabriel Billing",
            "aadObjectId": "00000000-0000-0000-0000-000000000a00",
        }
    ]
    for name in (
        "team_install",
        "conversation_update_team_install",
        "channel_mention",
        "channel_thread_reply_mention",
    ):
        assert (await bot.post(recorded(name, url))).status == 201
    async with bot.sessions() as session:
        channels = (
            await session.scalars(
                select(Conversation.conversation_id).where(
                    Conversation.kind == ConversationKind.CHANNEL
                )
            )
        ).all()
        assert list(channels) == [PLAYGROUND_TEAM]
        assert await session.scalar(select(func.count()).select_from(Group)) == 1
    # one welcome, and both mentions ("nytt möte", no command) were answered in their
    # threads with the "Jag förstod inte" card
    cards = [str(c) for c in bot.connector.cards()]
    assert sum("Hej! Jag är" in c or "Hi! I am" in c for c in cards) == 1
    assert sum("I did not understand" in c for c in cards) == 2
    replies = [c for c in bot.connector.calls if c.method == "POST" and ";messageid=" in c.path]
    assert len(replies) == 2


async def test_recorded_personal_help_gets_the_help_card(bot: RunningBot) -> None:
    await bot.post(recorded("personal_message_help", bot.connector.url))
    [card] = bot.connector.cards()
    assert "What I can do" in str(card)  # the playground always says en-US
