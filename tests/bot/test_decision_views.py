"""Universal Actions on the decision card, through HTTP (`adaptiveCard/action` invokes as
Teams sends them, including the card's automatic refresh with verb "refresh"): the
status buttons only for those who may change the status, the clicker answered with
their own view, the shared card and its copies redrawn for everyone, and a forged or
refused Execute changing nothing, exactly as an Action.Submit would."""

from __future__ import annotations

from typing import Any

from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    facts_of,
    install_team,
)
from tests.support.clocked_bot import execute, refresh
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, USERS, User

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
READ_ONLY = "Du kan följa beslutet här."
REFUSED = "ändras av den som är ansvarig för det"


async def _logged(dbot: DecisionBot) -> tuple[str, dict[str, Any]]:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast 4/12")
    [(card_id, card)] = dbot.connector.posted_cards()
    dbot.connector.clear()
    return card_id, card


async def _own_view(dbot: DecisionBot, user: User, card: dict[str, Any], card_id: str) -> Any:
    body = await refresh(dbot.running, user, card, card_id)
    assert body["statusCode"] == 200 and body["type"] == CARD, body
    return body["value"]


async def test_each_member_sees_the_status_buttons_only_if_they_may_use_them(
    dbot: DecisionBot,
) -> None:
    card_id, card = await _logged(dbot)
    # The shared card: every member (5, under Teams' 60) is refreshed to their own view;
    # it keeps the buttons for clients that never refresh.
    assert card["refresh"]["action"]["verb"] == "refresh"
    assert sorted(card["refresh"]["userIds"]) == sorted(u.teams_id for u in USERS)
    assert set(buttons(card)) == {"Påbörjad", "Klar", "Inaktuell"}
    for action in card["actions"]:
        assert action["type"] == "Action.Execute"
        assert action["fallback"] == {
            "type": "Action.Submit",
            "title": action["title"],
            "data": action["data"],
        }
    # The owner, the chair and the secretary get the buttons; a process leader who is not
    # the owner and a member get a read-only line instead.
    for user in (ANNA, GABRIEL, KRISTIN):
        mine = await _own_view(dbot, user, card, card_id)
        assert set(buttons(mine)) == {"Påbörjad", "Klar", "Inaktuell"}, user.name
        assert READ_ONLY not in card_text(mine)
    for user in (MALIN, MARIE):
        theirs = await _own_view(dbot, user, card, card_id)
        assert buttons(theirs) == {}, user.name
        assert READ_ONLY in card_text(theirs)
        assert facts_of(theirs)["Status"] == "öppen"
    # Asking for a view changes nothing and posts nothing.
    assert dbot.connector.calls == []
    assert [e.revision for e in await dbot.events()] == [0]


async def test_an_execute_click_answers_the_clicker_and_redraws_the_shared_card(
    dbot: DecisionBot,
) -> None:
    card_id, card = await _logged(dbot)
    body = await execute(dbot.running, ANNA, buttons(card)["Påbörjad"], card_id)
    assert body["type"] == CARD
    mine = body["value"]
    assert facts_of(mine)["Status"] == "påbörjad"
    assert "Anna-Karin Hammar ändrade status till påbörjad." in card_text(mine)
    assert set(buttons(mine)) == {"Klar", "Inaktuell", "Öppna igen"}
    # Everyone's card is updated in place; nothing new is posted in the channel.
    [shared] = dbot.connector.updated_cards(card_id)
    assert facts_of(shared)["Status"] == "påbörjad"
    assert set(buttons(shared)) == {"Klar", "Inaktuell", "Öppna igen"}
    assert "refresh" in shared
    assert dbot.connector.sent() == []
    # Another member refreshing the updated card sees the new status, read-only.
    marie = await _own_view(dbot, MARIE, shared, card_id)
    assert facts_of(marie)["Status"] == "påbörjad" and buttons(marie) == {}
    [decision] = await dbot.decisions()
    assert decision.status.value == "pågår" and decision.revision == 1


async def test_a_refused_execute_is_answered_in_the_invoke_and_changes_nothing(
    dbot: DecisionBot,
) -> None:
    card_id, card = await _logged(dbot)
    # Marie never sees the buttons on her own view, but the shared card's are forgeable.
    for outsider in (MARIE, MALIN):
        body = await execute(dbot.running, outsider, buttons(card)["Klar"], card_id)
        assert body["type"] == MESSAGE and REFUSED in body["value"]
    assert dbot.connector.calls == []
    [decision] = await dbot.decisions()
    assert decision.status.value == "öppen" and decision.revision == 0
    assert len(await dbot.events()) == 1


async def test_forged_and_replayed_execute_payloads_are_validated_like_submits(
    dbot: DecisionBot,
) -> None:
    card_id, card = await _logged(dbot)
    [decision] = await dbot.decisions()
    klar = buttons(card)["Klar"]
    refused = {
        "Den knappen går inte att använda": ({**klar, "role": "ordförande"}, {}),
        "Jag hittar inte det beslutet": ({**klar, "decision_id": decision.id + 1000}, {}),
        # The same decision asked for from a group chat (no group of this decision).
        "inte det beslutet": (klar, {"scope": "groupChat"}),
    }
    for expected, (data, where) in refused.items():
        body = await execute(dbot.running, GABRIEL, data, card_id, **where)
        assert body["type"] == MESSAGE and expected in body["value"], body
    view = card["refresh"]["action"]["data"]
    body = await execute(dbot.running, GABRIEL, {**view, "member": 2}, card_id, verb="refresh")
    assert body["type"] == MESSAGE and "går inte att använda" in body["value"]
    assert dbot.connector.calls == []
    # A replay of a click already made: nothing recorded twice, the truth shown.
    await execute(dbot.running, ANNA, klar, card_id)
    replay = await execute(dbot.running, ANNA, klar, card_id)
    assert facts_of(replay["value"])["Status"] == "klar"
    assert [e.revision for e in await dbot.events()] == [0, 1]


async def test_the_klar_button_of_a_list_copy_updates_the_channel_card(dbot: DecisionBot) -> None:
    """One truth per decision, Execute too: a click on a copy shown by `beslut lista`
    redraws the channel's own card as well."""
    card_id, _card = await _logged(dbot)
    [decision] = await dbot.decisions()
    await dbot.say("beslut lista")
    assert "B-2026-001" in card_text(dbot.last_card())
    await dbot.click({"action": "decision_show", "decision_id": decision.id})
    copy_id, copy = dbot.connector.posted_cards()[-1]
    assert copy_id != card_id
    dbot.connector.clear()
    body = await execute(dbot.running, KRISTIN, buttons(copy)["Klar"], copy_id)
    assert facts_of(body["value"])["Status"] == "klar"
    assert facts_of(dbot.connector.updated_cards(copy_id)[-1])["Status"] == "klar"
    assert facts_of(dbot.connector.updated_cards(card_id)[-1])["Status"] == "klar"
