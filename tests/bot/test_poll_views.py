"""Universal Actions on the poll card, through HTTP (`adaptiveCard/action` invokes as
Teams sends them, including the card's automatic refresh with verb "refresh"): each
person gets their own view, the channel's shared message stays neutral, and nobody is
ever answered with someone else's view."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from cards.polls.poll_cards import OptionView, PollView, poll_card
from storage.polls.models import PollAnswer
from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    clocked_bot,
    execute,
    install_team,
    posted_cards,
    refresh,
    say,
    submit_data,
    updated_cards,
)
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, MALIN, MARIE, USERS, User

MARCH = "söndag 7/3 2027 kl 09.00–12.00"
APRIL = "onsdag 21/4 2027 kl 09.00–12.00"
CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
CLOSE = "Stäng och välj datum"
DEADLINE = "Ändra svarstid"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _propose(bot: ClockedBot, user: User = ANNA) -> tuple[str, dict[str, Any]]:
    await say(bot, user, "föreslå datum Vårens möten: 7/3 och 21/4 kl 9-12")
    # the poll card; a second card warns that Sunday 7/3 is no working day
    (activity_id, card), *_warning = posted_cards(bot)
    bot.connector.clear()
    return activity_id, card


def _show_card_titles(card: dict[str, Any]) -> set[str]:
    return {a["title"] for a in card.get("actions", []) if a["type"] == "Action.ShowCard"}


async def _view(bot: ClockedBot, user: User, card: dict[str, Any], activity_id: str) -> str:
    body = await refresh(bot, user, card, activity_id)
    assert body["statusCode"] == 200 and body["type"] == CARD, body
    view: dict[str, Any] = body["value"]
    return card_text(view) + "\n#actions: " + ", ".join(sorted(_show_card_titles(view)))


async def test_two_users_get_different_refreshed_views_of_the_same_poll(bot: ClockedBot) -> None:
    activity_id, card = await _propose(bot)
    # The shared card: every member refreshes automatically (5 members, under Teams' 60),
    # so it carries no organiser buttons and nobody's answers marked.
    assert card["refresh"]["action"]["verb"] == "refresh"
    assert sorted(card["refresh"]["userIds"]) == sorted(u.teams_id for u in USERS)
    assert _show_card_titles(card) == set()
    await execute(bot, ANNA, submit_data(card, "Ja", near=MARCH), activity_id)
    await execute(bot, MALIN, submit_data(card, "Nej", near=MARCH), activity_id)
    await execute(bot, MALIN, submit_data(card, "Om det behövs", near=APRIL), activity_id)
    shared = updated_cards(bot, activity_id)[-1]
    assert "Ditt svar" not in card_text(shared) and _show_card_titles(shared) == set()

    anna = await _view(bot, ANNA, shared, activity_id)  # the organiser
    malin = await _view(bot, MALIN, shared, activity_id)  # a member
    assert anna != malin
    assert f"{CLOSE}, {DEADLINE}" in anna
    assert CLOSE not in malin and DEADLINE not in malin
    assert anna.count("Ditt svar") == 1 and "Ditt svar: Ja" in anna
    assert malin.count("Ditt svar") == 2
    assert "Ditt svar: Nej" in malin and "Ditt svar: Om det behövs" in malin
    # Each date's own answer sits under that date.
    assert (
        malin.index("Ditt svar: Nej") < malin.index(APRIL) < malin.index("Ditt svar: Om det behövs")
    )
    # The chair manages any poll (dialogs/access.py); a member who has not answered sees
    # no answer of anyone else's marked as theirs.
    assert CLOSE in await _view(bot, GABRIEL, shared, activity_id)
    marie = await _view(bot, MARIE, shared, activity_id)
    assert "Ditt svar" not in marie and CLOSE not in marie


async def test_an_execute_click_answers_with_the_clickers_view_and_updates_the_shared_card(
    bot: ClockedBot,
) -> None:
    activity_id, card = await _propose(bot)
    body = await execute(bot, MALIN, submit_data(card, "Ja", near=MARCH), activity_id)
    assert body["type"] == CARD
    mine = body["value"]
    assert "Ditt svar: Ja" in card_text(mine)
    assert any(a.get("title") == "✓ Ja" for a in _all_actions(mine))
    [shared] = updated_cards(bot, activity_id)  # for everyone: the neutral view
    assert "Ja 1 · Om det behövs 0 · Nej 0" in card_text(shared)
    assert "Ditt svar" not in card_text(shared)
    assert bot.connector.texts() == []  # nothing posted in the channel
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(PollAnswer)) == 1


async def test_a_refused_execute_is_answered_in_the_invoke_and_changes_nothing(
    bot: ClockedBot,
) -> None:
    activity_id, card = await _propose(bot)
    organiser = (await refresh(bot, ANNA, card, activity_id))["value"]
    close = {**submit_data(_show(organiser, CLOSE), "Stäng omröstningen"), "chosen": "1"}
    body = await execute(bot, MALIN, close, activity_id)
    assert body == {
        "statusCode": 200,
        "type": MESSAGE,
        "value": "Bara arrangören, ordföranden och sekreteraren kan göra det.",
    }
    assert bot.connector.sent() == [] and bot.connector.updates() == []


async def test_refresh_from_outside_the_group_never_gets_a_persons_view(
    bot: ClockedBot,
) -> None:
    activity_id, card = await _propose(bot)
    await execute(bot, ANNA, submit_data(card, "Ja", near=MARCH), activity_id)
    refresh_data = card["refresh"]["action"]["data"]
    # The same poll asked for from a group chat (another group): not found there.
    body = await execute(bot, ANNA, refresh_data, activity_id, verb="refresh", scope="groupChat")
    assert body["type"] == MESSAGE and "hittar inte den omröstningen" in body["value"]
    # A user of another tenant: refused at the tenant gate or not found, never a card.
    eve = User("Eve Främling", "22222222-bbbb-4ccc-8ddd-000000000001")
    activity = teams.invoke(
        "channel",
        "adaptiveCard/action",
        {"action": {"type": "Action.Execute", "verb": "refresh", "data": refresh_data}},
        eve,
        bot.connector.url,
        tenant=teams.OTHER_TENANT,
    )
    response = await bot.post(activity)
    answer = await response.json()
    assert "Ditt svar" not in str(answer) and answer.get("type") != CARD
    # A forged refresh payload is refused like a forged submit.
    body = await execute(bot, ANNA, {**refresh_data, "member": 2}, activity_id, verb="refresh")
    assert body["type"] == MESSAGE and "går inte att använda" in body["value"]


def test_over_sixty_members_the_shared_card_keeps_the_organiser_buttons() -> None:
    """Teams refreshes only listed users in conversations over 60 people; the others see
    the shared card until they refresh by hand, so it must still let an organiser act."""
    option = OptionView(
        option_id=1, starts_at=datetime(2027, 3, 7, 8, tzinfo=UTC), ends_at=None, has_time=True
    )
    base = PollView(
        poll_id=1,
        title="Vårens möten",
        organiser="Anna",
        deadline_at=datetime(2027, 3, 1, tzinfo=UTC),
        status="open",
        options=(option,),
        organisations_total=3,
    )
    small = poll_card(
        PollView(**{**base.__dict__, "refresh_user_ids": ("29:a",), "refresh_covers_all": True}),
        "sv",
    )
    large = poll_card(
        PollView(**{**base.__dict__, "refresh_user_ids": ("29:a",), "refresh_covers_all": False}),
        "sv",
    )
    assert _show_card_titles(small) == set()
    assert CLOSE in _show_card_titles(large)
    assert large["refresh"]["userIds"] == ["29:a"]
    # Every Execute button falls back to an Action.Submit with the same data.
    for action in _all_actions(large):
        if action["type"] == "Action.Execute" and action["verb"] != "refresh":
            assert action["fallback"] == {
                "type": "Action.Submit",
                "title": action["title"],
                "data": action["data"],
            }


def _show(card: dict[str, Any], title: str) -> dict[str, Any]:
    for action in card.get("actions", []):
        if action.get("type") == "Action.ShowCard" and action.get("title") == title:
            return dict(action["card"])
    raise AssertionError(title)


def _all_actions(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action."):
            found.append(node)
        for key, value in node.items():
            if key != "fallback":
                found.extend(_all_actions(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_all_actions(item))
    return found


async def test_dates_chosen_on_the_poll_card_also_redraw_the_result_card(
    bot: ClockedBot,
) -> None:
    """One truth per poll: the result card the deadline posted offers "Välj datum"; once
    the organiser chose on the poll card, it shows the outcome instead."""
    activity_id, _ = await _propose(bot)
    bot.clock.advance(timedelta(days=7, minutes=1))
    await bot.scheduler.run_now("dialogs.polls.flows:close_due_polls")
    await bot.scheduler.run_service_now("outbox")
    [(result_id, _)] = posted_cards(bot)
    closed = updated_cards(bot, activity_id)[-1]
    bot.connector.clear()
    organiser = (await refresh(bot, ANNA, closed, activity_id))["value"]
    choose = _show(organiser, "Välj datum")
    await execute(
        bot, ANNA, {**submit_data(choose, "Stäng omröstningen"), "chosen": "1"}, activity_id
    )
    for target in (activity_id, result_id):
        text = card_text(updated_cards(bot, target)[-1])
        assert "✅ Valt datum" in text and "Datum är valda." in text
