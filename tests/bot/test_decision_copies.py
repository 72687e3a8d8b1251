"""One truth per decision, through HTTP: every posted copy of a decision's card (the
channel card, copies shown from `beslut lista` and `beslut sök`, copies in other
conversations) is redrawn when its status changes, from whichever copy it was changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.card_copies import operations as card_copies
from storage.card_copies.models import CardCopy
from storage.db import unit_of_work
from storage.directory.models import Conversation, ConversationKind
from storage.outbox.models import OutboxMessage
from tests.bot.decision_helpers import (
    DecisionBot,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    facts_of,
    install_team,
)

LOG = "beslut: Gabriel skickar årsrapporten senast 24/11"


def _action(card: dict[str, Any], name: str, **match: str) -> dict[str, Any]:
    """The data of the first button with this action (and these values), depth first."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            is_button = str(node.get("type", "")).startswith("Action.")
            if (
                is_button
                and isinstance(data, dict)
                and data.get("action") == name
                and all(data.get(k) == v for k, v in match.items())
            ):
                found.append(data)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    assert found, f"no {name} button"
    return dict(found[0])


async def _logged(bot: DecisionBot) -> tuple[str, dict[str, Any]]:
    await install_team(bot)
    await bot.say(LOG)
    [(channel_id, card)] = bot.connector.posted_cards()
    bot.connector.clear()
    return channel_id, card


async def _copy_from_list(bot: DecisionBot) -> tuple[str, dict[str, Any]]:
    await bot.say("beslut lista")
    list_card = bot.last_card()
    await bot.click(_action(list_card, "decision_show"), reply_to_id="list-card")
    copy_id, copy = bot.connector.posted_cards()[-1]
    bot.connector.clear()
    return copy_id, copy


async def test_a_status_change_from_a_list_updates_the_channels_card(dbot: DecisionBot) -> None:
    channel_id, channel_card = await _logged(dbot)
    assert "öppen" in card_text(channel_card)
    copy_id, copy = await _copy_from_list(dbot)
    assert copy_id != channel_id
    [decision] = await dbot.decisions()
    assert decision.card_activity_id == channel_id  # the copy did not take its place
    await dbot.click(_action(copy, "decision_status", to_status="klar"), reply_to_id=copy_id)
    [clicked] = dbot.connector.updated_cards(copy_id)
    [channel] = dbot.connector.updated_cards(channel_id)
    for redrawn in (clicked, channel):
        assert facts_of(redrawn)["Status"] == "klar"
        assert _action(redrawn, "decision_status")["to_status"] == "öppen"  # "Öppna igen"
    assert "Gabriel Billing ändrade status till klar." in card_text(clicked)
    [decision] = await dbot.decisions()
    assert decision.status.value == "klar"


async def test_a_change_on_the_channel_card_redraws_list_and_search_copies(
    dbot: DecisionBot,
) -> None:
    channel_id, channel_card = await _logged(dbot)
    list_copy_id, _ = await _copy_from_list(dbot)
    await dbot.say("beslut sök B-2026-001")
    search_copy_id, _ = dbot.connector.posted_cards()[-1]
    dbot.connector.clear()
    await dbot.click(
        _action(channel_card, "decision_status", to_status="pågår"), reply_to_id=channel_id
    )
    updated = {call.activity_id for call in dbot.connector.updates()}
    assert updated == {channel_id, list_copy_id, search_copy_id}
    for activity_id in updated:
        [card] = dbot.connector.updated_cards(activity_id)
        assert facts_of(card)["Status"] == "påbörjad"
    # A redelivered click changes nothing and redraws only the card it came from.
    dbot.connector.clear()
    await dbot.click(
        _action(channel_card, "decision_status", to_status="pågår"), reply_to_id=channel_id
    )
    assert {call.activity_id for call in dbot.connector.updates()} == {channel_id}


async def test_a_copy_in_another_conversation_is_redrawn_through_the_outbox(
    dbot: DecisionBot,
) -> None:
    channel_id, channel_card = await _logged(dbot)
    await dbot.say("hjälp", scope="personal")  # Gabriel's personal chat is known
    [decision] = await dbot.decisions()
    async with unit_of_work(dbot.running.sessions) as session:
        personal = await session.scalar(
            select(Conversation).where(Conversation.kind == ConversationKind.PERSONAL)
        )
        assert personal is not None
        await card_copies.remember_copy(
            session,
            tenant_id=decision.tenant_id,
            subject=card_copies.decision_subject(decision.id),
            conversation_pk=personal.id,
            activity_id="personal-copy",
            now=dbot.clock.now,
        )
    dbot.connector.clear()
    await dbot.click(
        _action(channel_card, "decision_status", to_status="klar"), reply_to_id=channel_id
    )
    async with dbot.running.sessions() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "decision_card_copy")
            )
        ).all()
        copies = (await session.scalars(select(CardCopy))).all()
    [row] = rows
    assert row.conversation_pk == personal.id and row.update_activity_id == "personal-copy"
    assert row.card is not None and facts_of(row.card)["Status"] == "klar"
    assert {c.activity_id for c in copies} == {channel_id, "personal-copy"}
