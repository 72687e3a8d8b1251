"""Answers under concurrency, through HTTP on SQLite and PostgreSQL: double clicks,
redelivered activities and fifty members answering in the same second leave exactly one
answer per member and date, and the card ends with the right totals."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import BOT_KEY
from storage.polls.models import PollAnswer, PollChoice
from tests.bot.poll_meeting_support import (
    START,
    ClockedBot,
    card_text,
    click,
    clocked_bot,
    install_team,
    posted_cards,
    say,
    submit_data,
    updated_cards,
)
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, USERS, User

PEOPLE = tuple(User(f"Person {i:02d}", f"33333333-aaaa-4bbb-8ccc-{i:012d}") for i in range(50))
MARCH = "söndag 7/3 2027"
APRIL = "onsdag 21/4 2027"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running, (*USERS, *PEOPLE))
        yield running


def _yes_totals(card: dict[str, Any], label: str) -> int:
    section = card_text(card).split(label)[1]
    match = re.search(r"Ja (\d+) · Om det behövs (\d+) · Nej (\d+)", section)
    assert match is not None
    return int(match.group(1))


async def test_fifty_members_answer_at_once_with_double_clicks_and_redeliveries(
    bot: ClockedBot,
) -> None:
    await say(bot, ANNA, "föreslå datum 7/3 och 21/4")
    # the poll card first; a second card warns that Sunday 7/3 2027 is no working day
    (activity_id, card), *_warning = posted_cards(bot)
    bot.connector.clear()
    yes = submit_data(card, "Ja", near=MARCH)
    url = bot.connector.url
    activities = [
        teams.card_submit("channel", yes, person, url, reply_to_id=activity_id) for person in PEOPLE
    ]
    # every tenth person double-clicks (two activities) and Teams redelivers one of them
    doubles = [
        teams.card_submit("channel", yes, person, url, reply_to_id=activity_id)
        for person in PEOPLE[::10]
    ]
    redelivered = activities[::10]
    responses = await asyncio.gather(*(bot.post(a) for a in (*activities, *doubles, *redelivered)))
    assert {r.status for r in responses} == {201}
    assert bot.connector.texts() == []  # no refusals, no errors
    async with bot.sessions() as session:
        rows = (await session.scalars(select(PollAnswer))).all()
    assert len(rows) == 50
    assert {r.choice for r in rows} == {PollChoice.YES}
    assert len({(r.option_id, r.member_id) for r in rows}) == 50
    await bot.server.app[BOT_KEY].close()  # the refresh that follows the burst has landed
    updates = updated_cards(bot, activity_id)
    # The card refreshes are coalesced (bot/teams/card_refresh.py): far fewer updates than
    # clicks, each rendered from committed answers, so the counts only grow, and once
    # every click has had its answer the card shows all 50.
    assert 1 <= len(updates) < 60
    totals = [_yes_totals(c, MARCH) for c in updates]
    assert totals == sorted(totals)
    assert totals[-1] == 50
    # the next click (any member) renders the settled totals
    await click(bot, GABRIEL, submit_data(card, "Nej", near=APRIL), activity_id)
    final = updated_cards(bot, activity_id)[-1]
    assert _yes_totals(final, MARCH) == 50
    assert "Ja 0 · Om det behövs 0 · Nej 1" in card_text(final).split(APRIL)[1]


async def test_conflicting_double_click_keeps_exactly_one_answer(bot: ClockedBot) -> None:
    await say(bot, ANNA, "föreslå datum 7/3 och 21/4")
    # the poll card first; a second card warns that Sunday 7/3 2027 is no working day
    (activity_id, card), *_warning = posted_cards(bot)
    url = bot.connector.url
    person = PEOPLE[0]
    choices = ("Ja", "Nej", "Om det behövs", "Ja", "Nej")
    await asyncio.gather(
        *(
            bot.post(
                teams.card_submit(
                    "channel",
                    submit_data(card, choice, near=MARCH),
                    person,
                    url,
                    reply_to_id=activity_id,
                )
            )
            for choice in choices
        )
    )
    async with bot.sessions() as session:
        rows = (await session.scalars(select(PollAnswer))).all()
    assert len(rows) == 1
    # the card rendered by the last committed turn agrees with the stored answer
    label = {PollChoice.YES: "Ja", PollChoice.NO: "Nej", PollChoice.IF_NEEDED: "Om det behövs"}
    await click(bot, GABRIEL, submit_data(card, "Nej", near=APRIL), activity_id)
    final = card_text(updated_cards(bot, activity_id)[-1]).split(MARCH)[1].split(APRIL)[0]
    assert f"{label[rows[0].choice]}: Person 00" in final


async def test_an_older_redelivery_never_overwrites_a_newer_answer(bot: ClockedBot) -> None:
    """Teams redelivers an activity it thinks was lost, possibly after the member has
    clicked again: the activity's own timestamp orders them, not the arrival."""
    await say(bot, ANNA, "föreslå datum 7/3")
    # the poll card first; a second card warns that Sunday 7/3 2027 is no working day
    (activity_id, card), *_warning = posted_cards(bot)
    bot.clock.advance(timedelta(minutes=5))
    url = bot.connector.url
    person = PEOPLE[0]

    def at(second: int, choice: str) -> dict[str, Any]:
        activity = teams.card_submit(
            "channel", submit_data(card, choice, near=MARCH), person, url, reply_to_id=activity_id
        )
        activity["timestamp"] = f"2026-11-23T09:01:{second:02d}.000Z"
        return activity

    older, newer = at(1, "Ja"), at(2, "Nej")
    for activity in (newer, older, older):  # the older one arrives last, twice
        assert (await bot.post(activity)).status == 201
    async with bot.sessions() as session:
        [row] = (await session.scalars(select(PollAnswer))).all()
    assert row.choice == PollChoice.NO
    assert row.version == START + timedelta(minutes=1, seconds=2)
    final = card_text(updated_cards(bot, activity_id)[-1])
    assert "Ja 0 · Om det behövs 0 · Nej 1" in final
