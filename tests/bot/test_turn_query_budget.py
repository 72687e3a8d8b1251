"""Query budget of a turn: a known member's poll click, counted statement by statement
through SQLAlchemy's `before_cursor_execute` event (round trips, not timings, so the test
holds on a loaded machine). Issue #8: every turn read its conversation, group and sender,
and the poll flow read the group and member again (14 statements per click before)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.directory.models import Conversation
from storage.polls.models import PollAnswer, PollChoice
from tests.bot.poll_meeting_support import (
    ClockedBot,
    click,
    clocked_bot,
    execute,
    install_team,
    posted_cards,
    say,
    submit_data,
)
from tests.support.connector import LoopbackConnector
from tests.support.statements import (
    DIRECTORY_TABLES,
    engine_of,
    reads_of,
    recorded_statements,
    writes_to,
)
from tests.support.teams import ANNA, GENERAL_CHANNEL_ID, MALIN

# Statements of one click, BEGIN left out (SQLite shows it, asyncpg does not): one read of
# the directory for the whole turn, the rest the poll flow's own (answer, nudge, card).
CLICK_BUDGET = 9
MARCH = "söndag 7/3 2027 kl 09.00–12.00"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _poll_card(bot: ClockedBot) -> tuple[str, dict[str, Any]]:
    await say(bot, ANNA, "föreslå datum Vårens möten: 7/3, 21/4 och 16/5 kl 9-12")
    # the poll card first; a second card warns that Sunday 7/3 2027 is no working day
    (activity_id, card), *_warning = posted_cards(bot)
    # Malin's first click: a sender already in the directory, as in a real poll's burst.
    await click(bot, MALIN, submit_data(card, "Ja", near=MARCH), activity_id)
    return activity_id, card


async def _choices(bot: ClockedBot) -> list[PollChoice]:
    async with bot.sessions() as session:
        return list((await session.scalars(select(PollAnswer.choice))).all())


async def test_a_known_members_click_reads_the_directory_once_and_writes_none_of_it(
    bot: ClockedBot,
) -> None:
    activity_id, card = await _poll_card(bot)
    with recorded_statements(engine_of(bot.sessions)) as statements:
        await click(bot, MALIN, submit_data(card, "Nej", near=MARCH), activity_id)
    sent = [s for s in statements if not s.upper().startswith("BEGIN")]
    assert len(sent) <= CLICK_BUDGET, "\n".join(sent)
    assert len(reads_of(sent, "conversations")) == 1, "\n".join(sent)
    assert len(reads_of(sent, "groups")) == 1, "\n".join(sent)
    assert writes_to(sent, DIRECTORY_TABLES) == []
    assert await _choices(bot) == [PollChoice.NO]  # the click did its work


async def test_a_changed_reference_is_still_written(bot: ClockedBot) -> None:
    activity_id, card = await _poll_card(bot)
    with recorded_statements(engine_of(bot.sessions)) as statements:
        await click(bot, MALIN, submit_data(card, "Nej", near=MARCH), activity_id, locale="en-GB")
    assert len(writes_to(statements, ("conversations",))) == 1
    async with bot.sessions() as session:
        conversation = await session.scalar(
            select(Conversation).where(Conversation.conversation_id == GENERAL_CHANNEL_ID)
        )
        assert conversation is not None and conversation.locale == "en-GB"


# An Action.Execute click does the same work, then renders the clicker's own view for
# the invoke's answer (Universal Actions): the poll, its options, voters and answers, the
# sender's member row and their own answers, read in a fresh session after the commit.
OWN_VIEW_BUDGET = 7


async def test_an_execute_click_costs_the_click_plus_one_own_view(bot: ClockedBot) -> None:
    activity_id, card = await _poll_card(bot)
    with recorded_statements(engine_of(bot.sessions)) as statements:
        body = await execute(bot, MALIN, submit_data(card, "Nej", near=MARCH), activity_id)
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    sent = [s for s in statements if not s.upper().startswith("BEGIN")]
    assert len(sent) <= CLICK_BUDGET + OWN_VIEW_BUDGET, "\n".join(sent)
    assert writes_to(sent, DIRECTORY_TABLES) == []
    assert await _choices(bot) == [PollChoice.NO]
