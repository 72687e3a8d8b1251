"""Adaptive Card building blocks (schema 1.5, the highest Teams renders)."""

from __future__ import annotations

from typing import Any

from cards.actions import CommandAction

Card = dict[str, Any]

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> Card:
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        # Teams renders cards narrow by default; full width reads better for lists.
        "msteams": {"width": "Full"},
        "body": body,
    }
    if actions:
        result["actions"] = actions
    return result


def shorten(text: str, limit: int) -> str:
    """One line (runs of whitespace folded), cut with an ellipsis after `limit` characters:
    for texts a card shows in part (the whole is in the object or its export)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def heading(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "size": "Large", "weight": "Bolder", "wrap": True}


def subheading(text: str) -> dict[str, Any]:
    return {
        "type": "TextBlock",
        "text": text,
        "weight": "Bolder",
        "wrap": True,
        "spacing": "Medium",
    }


def paragraph(text: str, *, subtle: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": text, "wrap": True}
    if subtle:
        block["isSubtle"] = True
        block["size"] = "Small"
    return block


def facts(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs]}


def bullet_list(items: list[str]) -> dict[str, Any]:
    return paragraph("\n".join(f"- {item}" for item in items))


def submit(title: str, data: dict[str, Any]) -> dict[str, Any]:
    """Action.Submit: arrives as a message activity with `value` = data."""
    return {"type": "Action.Submit", "title": title, "data": data}


def command_button(title: str, command_key: str) -> dict[str, Any]:
    return submit(title, CommandAction(action="command", command=command_key).model_dump())


def execute(title: str, data: dict[str, Any], *, verb: str | None = None) -> dict[str, Any]:
    """Action.Execute (Universal Actions): arrives as an `adaptiveCard/action` invoke whose
    answer is a card for the clicking user. Clients without Universal Actions render the
    fallback, an Action.Submit with the same data, which our router treats the same way."""
    return {
        "type": "Action.Execute",
        "title": title,
        "verb": verb or str(data.get("action", "")),
        "data": data,
        "fallback": submit(title, data),
    }


# Teams refreshes a card automatically for at most this many listed users.
MAX_REFRESH_USERS = 60


def refresh_block(data: dict[str, Any], user_ids: tuple[str, ...]) -> dict[str, Any]:
    """The card's `refresh`: Teams sends an `adaptiveCard/action` invoke with verb
    "refresh" when a listed user sees the card, and shows that user the card we answer
    with. Without `userIds` (or for users not listed, in conversations over 60 people)
    the user refreshes by hand."""
    block: dict[str, Any] = {
        "action": {"type": "Action.Execute", "title": "Refresh", "verb": "refresh", "data": data}
    }
    if user_ids:
        block["userIds"] = list(user_ids[:MAX_REFRESH_USERS])
    return block
